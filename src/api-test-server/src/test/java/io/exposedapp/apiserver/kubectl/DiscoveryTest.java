package io.exposedapp.apiserver.kubectl;

import static io.exposedapp.apiserver.kubectl.Fixtures.ALL;
import static io.exposedapp.apiserver.kubectl.Fixtures.EXPOSEDAPP;
import static io.exposedapp.apiserver.kubectl.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.exposedapp.apiserver.api.ResourceType;

class DiscoveryTest {

  @Test
  void coreVersionsListsOnlyV1() {
    assertThat(Discovery.coreVersions()).isEqualTo(
        json("{'kind':'APIVersions','versions':['v1'],'serverAddressByClientCIDRs':[]}"));
  }

  @Test
  void groupListHasOneEntryPerNonCoreGroupSortedByName() {
    JsonNode doc = Discovery.groupList(ALL);
    assertThat(doc.get("kind").asText()).isEqualTo("APIGroupList");
    List<String> names = new ArrayList<>();
    doc.get("groups").forEach(g -> names.add(g.get("name").asText()));
    assertThat(names).containsExactly("apiextensions.k8s.io", "coordination.k8s.io", "exposedapp.io",
        "networking.k8s.io");
    JsonNode exposed = doc.get("groups").get(2);
    assertThat(exposed.get("preferredVersion")).isEqualTo(
        json("{'groupVersion':'exposedapp.io/v1alpha1','version':'v1alpha1'}"));
  }

  @Test
  void groupListPrefersGaOverBetaOverAlphaWhateverTheInputOrder() {
    ResourceType alpha = withVersion(EXPOSEDAPP, "v1alpha1");
    ResourceType beta = withVersion(EXPOSEDAPP, "v1beta2");
    ResourceType ga = withVersion(EXPOSEDAPP, "v1");
    JsonNode group = Discovery.groupList(List.of(alpha, ga, beta)).get("groups").get(0);
    List<String> versions = new ArrayList<>();
    group.get("versions").forEach(v -> versions.add(v.get("version").asText()));
    assertThat(versions).containsExactly("v1", "v1beta2", "v1alpha1");
    assertThat(group.get("preferredVersion").get("version").asText()).isEqualTo("v1");
  }

  @Test
  void customResourceListHasVerbsShortNamesAndStatusSubresource() {
    JsonNode doc = Discovery.resourceList("exposedapp.io/v1alpha1", ALL).orElseThrow();
    assertThat(doc.get("kind").asText()).isEqualTo("APIResourceList");
    assertThat(doc.get("groupVersion").asText()).isEqualTo("exposedapp.io/v1alpha1");
    assertThat(doc.get("resources")).containsExactly(
        json("""
            {'name':'exposedapps','singularName':'exposedapp','namespaced':true,'kind':'ExposedApp',
             'verbs':['create','delete','deletecollection','get','list','patch','update','watch'],'shortNames':['ea']}"""),
        json("""
            {'name':'exposedapps/status','singularName':'','namespaced':true,'kind':'ExposedApp',
             'verbs':['get','patch','update']}"""));
  }

  @Test
  void coreResourceListPutsServiceInCategoryAllAndNamespaceClusterScoped() {
    JsonNode resources = Discovery.resourceList("v1", ALL).orElseThrow().get("resources");
    JsonNode services = find(resources, "services");
    JsonNode namespaces = find(resources, "namespaces");
    JsonNode events = find(resources, "events");
    assertThat(services.get("categories")).isEqualTo(json("['all']"));
    assertThat(services.get("shortNames")).isEqualTo(json("['svc']"));
    assertThat(namespaces.get("namespaced").asBoolean()).isFalse();
    assertThat(events.has("categories")).isFalse();
    assertThat(find(resources, "services/status")).isNotNull();
    assertThat(find(resources, "events/status")).isNull();
  }

  @Test
  void resourceListIsEmptyForAnUnservedGroupVersion() {
    assertThat(Discovery.resourceList("exposedapp.io/v2", ALL)).isEmpty();
    assertThat(Discovery.resourceList("apps/v1", ALL)).isEmpty();
  }

  private static JsonNode find(JsonNode resources, String name) {
    for (JsonNode r : resources) {
      if (r.get("name").asText().equals(name)) {
        return r;
      }
    }
    return null;
  }

  private static ResourceType withVersion(ResourceType t, String version) {
    return new ResourceType(t.group(), version, t.kind(), t.plural(), t.singular(), t.namespaced(), t.shortNames(),
        t.statusSubresource(), t.printerColumns(), t.openApiSchema());
  }
}
