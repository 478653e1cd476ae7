package io.exposedapp.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.SSABasedGenericKubernetesResourceMatcher;
import io.exposedapp.apiserver.merge.ListSchema;
import io.exposedapp.apiserver.merge.ServerSideApply;
import io.exposedapp.apiserver.merge.ServerSideApply.ApplyRequest;
import org.junit.jupiter.api.Test;

/**
 * The property that keeps JOSDK from re-applying on every reconcile: pruning the stored object to
 * our managedFields with JOSDK's own {@code keepOnlyManagedFields} gives back exactly the desired
 * object (after JOSDK's {@code removeIrrelevantValues}). Both are private to JOSDK, so they are
 * called reflectively, exactly as {@code SSABasedGenericKubernetesResourceMatcher.matches} does.
 */
class JosdkManagedFieldsMatchTest {
  private static final KubernetesSerialization SER = new KubernetesSerialization();

  @Test
  void serviceWithLabelsAnnotationsOwnerRefSelectorAndTwoPortsMatchesAfterApply() throws Exception {
    Service desired =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("web")
            .withNamespace("ns")
            .addToLabels("app", "web")
            .addToAnnotations("owner", "me")
            .addNewOwnerReference()
            .withApiVersion("example.io/v1")
            .withKind("ExposedApp")
            .withName("web")
            .withUid("1ef74cb4-dbbd-45ef-9caf-aa76186594ea")
            .withController(true)
            .withBlockOwnerDeletion(true)
            .endOwnerReference()
            .endMetadata()
            .withNewSpec()
            .addToSelector("app", "web")
            .addNewPort().withName("http").withPort(80).withNewTargetPort(8080).endPort()
            .addNewPort().withName("https").withPort(443).withProtocol("TCP").withNewTargetPort(8443).endPort()
            .endSpec()
            .build();
    ObjectNode stored = applyTwice(desired, ListSchema.builtin("", "Service"));
    assertMatches(SER.convertValue(stored, Service.class), desired);
  }

  @Test
  void customResourceWithNestedStatusMatchesAfterApply() throws Exception {
    JsonNode openApi =
        json(
            "{'type':'object','properties':{'spec':{'type':'object','properties':{"
                + "'members':{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['name'],'items':{'type':'object'}},"
                + "'tags':{'type':'array','x-kubernetes-list-type':'set','items':{'type':'string'}}}},"
                + "'status':{'type':'object','properties':{'conditions':{'type':'array','x-kubernetes-list-type':'map',"
                + "'x-kubernetes-list-map-keys':['type'],'items':{'type':'object'}}}}}}");
    GenericKubernetesResource desired =
        SER.convertValue(
            (ObjectNode) json(
                "{'apiVersion':'example.io/v1','kind':'Widget','metadata':{'name':'w','namespace':'ns','labels':{'a':'b'}},"
                    + "'spec':{'replicas':2,'members':[{'name':'m1','weight':1},{'name':'m2','extra':{'deep':true}}],"
                    + "'tags':['t1','t2'],'args':['--v']},"
                    + "'status':{'phase':'Ready','observed':{'generation':3,'hash':'abc'},"
                    + "'conditions':[{'type':'Ready','status':'True'},{'type':'Synced','status':'False'}]}}"),
            GenericKubernetesResource.class);
    ObjectNode stored = applyTwice(desired, ListSchema.fromOpenApi(openApi));
    assertMatches(SER.convertValue(stored, GenericKubernetesResource.class), desired);
  }

  /** Applies as "op" on top of another manager's fields, then returns what the server stores. */
  private static ObjectNode applyTwice(HasMetadata desired, ListSchema schema) {
    ObjectNode applied = SER.convertValue(desired, ObjectNode.class);
    ObjectNode live =
        ServerSideApply.apply(
                null, applied, new ApplyRequest("op", false, "", false, desired.getApiVersion(), "2026-11-25T00:00:00Z", schema))
            .object();
    ObjectNode other = (ObjectNode) json("{'metadata':{'annotations':{'someone-else':'x'}}}");
    other.put("apiVersion", desired.getApiVersion()).put("kind", desired.getKind());
    ((ObjectNode) other.get("metadata")).put("name", desired.getMetadata().getName());
    live =
        ServerSideApply.apply(
                live, other, new ApplyRequest("other", false, "", false, desired.getApiVersion(), "2026-11-25T00:00:00Z", schema))
            .object();
    // server-set metadata that JOSDK must ignore
    ((ObjectNode) live.get("metadata")).put("uid", "u").put("resourceVersion", "7").put("creationTimestamp", "2026-11-25T00:00:00Z");
    return live;
  }

  @SuppressWarnings("unchecked")
  private static void assertMatches(HasMetadata actual, HasMetadata desired) throws Exception {
    var entry =
        actual.getMetadata().getManagedFields().stream()
            .filter(e -> e.getManager().equals("op") && e.getOperation().equals("Apply"))
            .findFirst()
            .orElseThrow();
    Map<String, Object> actualMap = SER.convertValue(actual, Map.class);
    Map<String, Object> desiredMap = SER.convertValue(desired, Map.class);
    Map<String, Object> pruned = new HashMap<>();

    Method keep =
        SSABasedGenericKubernetesResourceMatcher.class.getDeclaredMethod(
            "keepOnlyManagedFields", Map.class, Map.class, Map.class, KubernetesSerialization.class);
    keep.setAccessible(true);
    keep.invoke(null, pruned, actualMap, entry.getFieldsV1().getAdditionalProperties(), SER);
    Method irrelevant =
        SSABasedGenericKubernetesResourceMatcher.class.getDeclaredMethod("removeIrrelevantValues", Map.class);
    irrelevant.setAccessible(true);
    irrelevant.invoke(null, desiredMap);

    assertThat(pruned).isEqualTo(desiredMap);
  }

  /** A JSON literal written with single quotes, for readability. */
  private static JsonNode json(String json) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.replace('\'', '"'));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(json, e);
    }
  }
}
