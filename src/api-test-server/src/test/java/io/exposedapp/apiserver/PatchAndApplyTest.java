package io.exposedapp.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/** Server-side apply, merge patch and JSON patch through a real fabric8 client. */
class PatchAndApplyTest {

  @RegisterExtension
  static final ApiTestServerExtension api = new ApiTestServerExtension();

  private static Service desiredService(String name, int... ports) {
    ServiceBuilder b = new ServiceBuilder().withNewMetadata().withName(name).addToLabels("app", name).endMetadata()
        .withNewSpec().withType("NodePort").addToSelector("app", name).endSpec();
    for (int port : ports) {
      b.editSpec().addNewPort().withName("p" + port).withPort(port).withProtocol("TCP").endPort().endSpec();
    }
    return b.build();
  }

  private static Service apply(Service desired, String manager) {
    return api.client().services().resource(desired).fieldManager(manager).forceConflicts().serverSideApply();
  }

  @Test
  void applyCreatesWhenAbsentThenMergesAndRecordsTheManagersFields() {
    Service created = apply(desiredService("ssa-create", 80), "operator");
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getSpec().getPorts()).singleElement()
        .satisfies(p -> assertThat(p.getNodePort()).isBetween(30000, 32767));

    Service merged = apply(desiredService("ssa-create", 80, 443), "operator");
    assertThat(merged.getSpec().getPorts()).extracting(p -> p.getPort()).containsExactly(80, 443);
    assertThat(merged.getSpec().getPorts().get(0).getNodePort())
        .as("the server-allocated nodePort nobody applied stays").isEqualTo(created.getSpec().getPorts().get(0)
            .getNodePort());
    assertThat(merged.getMetadata().getManagedFields()).singleElement().satisfies(m -> {
      assertThat(m.getManager()).isEqualTo("operator");
      assertThat(m.getOperation()).isEqualTo("Apply");
      assertThat(m.getFieldsV1().getAdditionalProperties()).containsKey("f:spec");
    });
  }

  @Test
  void aSecondManagersAnnotationSurvivesAnApplyThatDoesNotMentionIt() {
    apply(desiredService("ssa-two", 80), "operator");
    Service other = new ServiceBuilder().withNewMetadata().withName("ssa-two")
        .addToAnnotations("example.com/owner", "platform").endMetadata().build();
    api.client().services().resource(other).fieldManager("platform-team").serverSideApply();

    Service reapplied = apply(desiredService("ssa-two", 80, 8080), "operator");
    assertThat(reapplied.getMetadata().getAnnotations()).containsEntry("example.com/owner", "platform");
    assertThat(reapplied.getMetadata().getManagedFields()).extracting(m -> m.getManager())
        .containsExactlyInAnyOrder("operator", "platform-team");
  }

  @Test
  void aPortTheManagerStopsApplyingIsRemoved() {
    apply(desiredService("ssa-shrink", 80, 443), "operator");
    Service shrunk = apply(desiredService("ssa-shrink", 80), "operator");
    assertThat(shrunk.getSpec().getPorts()).extracting(p -> p.getPort()).containsExactly(80);
  }

  @Test
  void anApplyThatChangesNothingDoesNotBumpTheResourceVersion() {
    Service first = apply(desiredService("ssa-noop", 80), "operator");
    Service second = apply(desiredService("ssa-noop", 80), "operator");
    assertThat(second.getMetadata().getResourceVersion()).isEqualTo(first.getMetadata().getResourceVersion());
  }

  @Test
  void applyToTheStatusSubresourceChangesOnlyTheStatus() {
    var widgets = api.client().genericKubernetesResources(CrudTest.WIDGETS);
    widgets.resource(widget("ssa-status", 1, null)).create();
    // how JOSDK patches a primary resource's status
    GenericKubernetesResource applied = widgets.resource(widget("ssa-status", 99, Map.of("observedGeneration", 1)))
        .subresource("status").patch(new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
            .withFieldManager("operator").withForce(true).build());
    assertThat(applied.<Integer>get("status", "observedGeneration")).isEqualTo(1);
    assertThat(applied.<Integer>get("spec", "size")).isEqualTo(1);
  }

  @Test
  void applyWithoutForceOfAFieldAnotherManagerOwnsIsA409Conflict() {
    apply(desiredService("ssa-conflict", 80), "operator");
    Service rival = new ServiceBuilder().withNewMetadata().withName("ssa-conflict").addToLabels("app", "stolen")
        .endMetadata().build();
    assertThatThrownBy(() -> api.client().services().resource(rival).fieldManager("rival").serverSideApply())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getStatus().getMessage()).contains("conflict with \"operator\"").contains(".metadata.labels.app");
        });
  }

  @Test
  void mergePatchFollowsRfc7386ListsReplacedAndNullDeletes() {
    var cms = api.client().configMaps();
    cms.resource(new ConfigMapBuilder().withNewMetadata().withName("rfc7386").addToLabels(Map.of("a", "1", "b", "2"))
        .addToFinalizers("x/one", "x/two").endMetadata().build()).create();
    ConfigMap patched = cms.withName("rfc7386").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"metadata\":{\"labels\":{\"a\":null},\"finalizers\":[\"x/three\"]}}");
    assertThat(patched.getMetadata().getLabels()).containsExactly(Map.entry("b", "2"));
    assertThat(patched.getMetadata().getFinalizers()).containsExactly("x/three");
    cms.withName("rfc7386").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
  }

  @Test
  void aJsonPatchThatCannotApplyIsAnsweredWith422() {
    var cms = api.client().configMaps();
    cms.resource(new ConfigMapBuilder().withNewMetadata().withName("jsonpatch").endMetadata().build()).create();
    assertThatThrownBy(() -> cms.withName("jsonpatch").patch(PatchContext.of(PatchType.JSON),
        "[{\"op\":\"replace\",\"path\":\"/data/missing\",\"value\":\"x\"}]"))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
    assertThatThrownBy(() -> cms.withName("jsonpatch").patch(PatchContext.of(PatchType.JSON),
        "[{\"op\":\"test\",\"path\":\"/metadata/name\",\"value\":\"other\"}]"))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
  }

  @Test
  void strategicMergePatchMergesServicePortsByPort() {
    api.client().services().resource(desiredService("smp", 80, 443)).create();
    Service patched = api.client().services().withName("smp").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
        "{\"spec\":{\"ports\":[{\"port\":443,\"name\":\"tls\"}]}}");
    assertThat(patched.getSpec().getPorts()).extracting(p -> p.getName()).containsExactly("p80", "tls");
  }

  private static GenericKubernetesResource widget(String name, int size, Map<String, Object> status) {
    GenericKubernetesResourceBuilder b = new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1")
        .withKind("Widget").withNewMetadata().withName(name).endMetadata();
    Map<String, Object> props = new java.util.HashMap<>(Map.of("spec", Map.of("size", size)));
    if (status != null) {
      props.put("status", status);
    }
    return b.withAdditionalProperties(props).build();
  }

}
