package io.exposedapp.apiserver.kubectl;

import static io.exposedapp.apiserver.kubectl.Fixtures.ALL;
import static io.exposedapp.apiserver.kubectl.Fixtures.EXPOSEDAPP;
import static io.exposedapp.apiserver.kubectl.Fixtures.SERVICE;
import static io.exposedapp.apiserver.kubectl.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.exposedapp.apiserver.api.ResourceType;

class OpenApiV3Test {

  private static final JsonNode EXPOSEDAPP_GVK =
      json("{'group':'exposedapp.io','version':'v1alpha1','kind':'ExposedApp'}");
  private static final JsonNode SERVICE_GVK = json("{'group':'','version':'v1','kind':'Service'}");

  @Test
  void indexListsEveryGroupVersionWithAHashedServerRelativeUrl() {
    JsonNode paths = OpenApiV3.index(ALL).get("paths");
    List<String> keys = new ArrayList<>();
    paths.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("api/v1", "apis/apiextensions.k8s.io/v1", "apis/coordination.k8s.io/v1",
        "apis/exposedapp.io/v1alpha1", "apis/networking.k8s.io/v1");
    String url = paths.get("apis/exposedapp.io/v1alpha1").get("serverRelativeURL").asText();
    String hash = OpenApiV3.hash(OpenApiV3.document("apis/exposedapp.io/v1alpha1", ALL).orElseThrow());
    assertThat(url).isEqualTo("/openapi/v3/apis/exposedapp.io/v1alpha1?hash=" + hash);
    assertThat(hash).matches("[0-9A-F]{128}");
  }

  @Test
  void indexHashIsStableForTheSameTypesInAnyOrder() {
    List<ResourceType> reversed = new ArrayList<>(ALL);
    java.util.Collections.reverse(reversed);
    assertThat(OpenApiV3.index(reversed)).isEqualTo(OpenApiV3.index(ALL));
    assertThat(OpenApiV3.index(List.copyOf(ALL))).isEqualTo(OpenApiV3.index(ALL));
  }

  @Test
  void indexHashChangesWhenTheCustomSchemaChangesAndOnlyForItsGroupVersion() {
    ObjectNode changedSchema = Fixtures.EXPOSEDAPP_SCHEMA.deepCopy();
    changedSchema.put("description", "changed");
    ResourceType changed = new ResourceType(EXPOSEDAPP.group(), EXPOSEDAPP.version(), EXPOSEDAPP.kind(),
        EXPOSEDAPP.plural(), EXPOSEDAPP.singular(), true, EXPOSEDAPP.shortNames(), true, EXPOSEDAPP.printerColumns(),
        changedSchema);
    List<ResourceType> withChange = new ArrayList<>(ALL);
    withChange.set(0, changed);
    JsonNode before = OpenApiV3.index(ALL).get("paths");
    JsonNode after = OpenApiV3.index(withChange).get("paths");
    assertThat(after.get("apis/exposedapp.io/v1alpha1")).isNotEqualTo(before.get("apis/exposedapp.io/v1alpha1"));
    assertThat(after.get("api/v1")).isEqualTo(before.get("api/v1"));
  }

  @Test
  void customKindSchemaIsTheCrdSchemaWithGvkAndObjectMetaRef() {
    JsonNode doc = OpenApiV3.document("apis/exposedapp.io/v1alpha1", ALL).orElseThrow();
    assertThat(doc.get("openapi").asText()).startsWith("3.0");
    JsonNode schemas = doc.get("components").get("schemas");
    JsonNode kind = schemas.get("io.exposedapp.v1alpha1.ExposedApp");
    assertThat(kind.get("x-kubernetes-group-version-kind")).containsExactly(EXPOSEDAPP_GVK);
    assertThat(kind.get("description").asText()).isEqualTo("ExposedApp exposes an app.");
    assertThat(kind.at("/properties/spec/properties/image/description").asText()).isEqualTo("Container image to run.");
    assertThat(kind.at("/properties/metadata/allOf/0/$ref").asText()).isEqualTo(OpenApiV3.OBJECT_META_REF);
    assertThat(schemas.get("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").at("/properties/labels/type").asText())
        .isEqualTo("object");
    // The ResourceType's own schema is not mutated by publishing it.
    assertThat(Fixtures.EXPOSEDAPP_SCHEMA.at("/properties/metadata").isMissingNode()).isTrue();
  }

  @Test
  void builtInKindSchemaIsAMinimalObjectWithGvk() {
    JsonNode schemas = OpenApiV3.document("api/v1", ALL).orElseThrow().get("components").get("schemas");
    JsonNode service = schemas.get("io.k8s.api.core.v1.Service");
    assertThat(service.get("type").asText()).isEqualTo("object");
    assertThat(service.has("properties")).isFalse();
    assertThat(service.get("x-kubernetes-group-version-kind")).containsExactly(SERVICE_GVK);
  }

  @Test
  void everyPatchOperationAdvertisesFieldValidationAndNoStrategicMergePatch() {
    JsonNode paths = OpenApiV3.document("apis/exposedapp.io/v1alpha1", ALL).orElseThrow().get("paths");
    JsonNode item = paths.get("/apis/exposedapp.io/v1alpha1/namespaces/{namespace}/exposedapps/{name}");
    JsonNode status = paths.get("/apis/exposedapp.io/v1alpha1/namespaces/{namespace}/exposedapps/{name}/status");
    for (JsonNode patch : List.of(item.get("patch"), status.get("patch"))) {
      assertThat(patch.get("x-kubernetes-group-version-kind")).isEqualTo(EXPOSEDAPP_GVK);
      assertThat(patch.get("parameters"))
          .anySatisfy(p -> assertThat(p).isEqualTo(json("{'name':'fieldValidation','in':'query','schema':{'type':'string'}}")));
      assertThat(patch.at("/requestBody/content").has("application/merge-patch+json")).isTrue();
      assertThat(patch.at("/requestBody/content").has("application/apply-patch+yaml")).isTrue();
      assertThat(patch.at("/requestBody/content").has("application/strategic-merge-patch+json")).isFalse();
    }
  }

  @Test
  void clusterScopedKindHasPathsWithoutNamespaceAndExplainFindsItsGvkOnTheCollectionGet() {
    JsonNode paths = OpenApiV3.document("api/v1", ALL).orElseThrow().get("paths");
    assertThat(paths.get("/api/v1/namespaces").at("/get/x-kubernetes-group-version-kind"))
        .isEqualTo(json("{'group':'','version':'v1','kind':'Namespace'}"));
    assertThat(paths.get("/api/v1/namespaces/{namespace}/services").at("/get/x-kubernetes-group-version-kind"))
        .isEqualTo(SERVICE_GVK);
    assertThat(paths.has("/api/v1/namespaces/{namespace}/namespaces")).isFalse();
  }

  @Test
  void documentIsEmptyForAnUnservedGroupVersion() {
    assertThat(OpenApiV3.document("apis/apps/v1", ALL)).isEmpty();
    assertThat(OpenApiV3.document("api/v2", List.of(SERVICE))).isEmpty();
  }
}
