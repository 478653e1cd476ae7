package io.exposedapp.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;

class GarbageCollectionTest {

  @RegisterExtension
  static final ApiTestServerExtension api = new ApiTestServerExtension();

  private static GenericKubernetesResource createWidget(String name) {
    return api.client().genericKubernetesResources(CrudTest.WIDGETS).resource(new GenericKubernetesResourceBuilder()
        .withApiVersion("example.com/v1").withKind("Widget").withNewMetadata().withName(name).endMetadata()
        .withAdditionalProperties(Map.of("spec", Map.of("size", 1))).build()).create();
  }

  private static ConfigMap ownedConfigMap(String name, HasMetadata... owners) {
    ConfigMapBuilder b = new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata();
    for (HasMetadata owner : owners) {
      b.editMetadata().addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion())
          .withKind(owner.getKind()).withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
          .withController(owners.length == 1).build()).endMetadata();
    }
    return api.client().configMaps().resource(b.build()).create();
  }

  @Test
  void deletingAnOwnerDeletesItsDependentsAndTheirDependents() {
    GenericKubernetesResource owner = createWidget("owner");
    ConfigMap child = ownedConfigMap("child", owner);
    ConfigMap grandchild = ownedConfigMap("grandchild", child);
    var svc = api.client().services().resource(new ServiceBuilder().withNewMetadata().withName("owned-svc")
        .addNewOwnerReference().withApiVersion("example.com/v1").withKind("Widget").withName("owner")
        .withUid(owner.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata()
        .withNewSpec().withType("NodePort").addNewPort().withPort(80).endPort().endSpec().build()).create();

    api.client().genericKubernetesResources(CrudTest.WIDGETS).withName("owner").delete();

    await().atMost(ApiTestServerExtension.WAIT).untilAsserted(() -> {
      assertThat(api.client().configMaps().withName(child.getMetadata().getName()).get()).isNull();
      assertThat(api.client().configMaps().withName(grandchild.getMetadata().getName()).get()).isNull();
      assertThat(api.client().services().withName(svc.getMetadata().getName()).get()).isNull();
    });
  }

  @Test
  void aDependentWithAnotherLiveOwnerOnlyLosesTheDanglingReference() {
    GenericKubernetesResource first = createWidget("first");
    GenericKubernetesResource second = createWidget("second");
    ownedConfigMap("shared", first, second);

    api.client().genericKubernetesResources(CrudTest.WIDGETS).withName("first").delete();

    await().atMost(ApiTestServerExtension.WAIT).untilAsserted(() -> {
      ConfigMap shared = api.client().configMaps().withName("shared").get();
      assertThat(shared).isNotNull();
      assertThat(shared.getMetadata().getOwnerReferences()).singleElement()
          .satisfies(r -> assertThat(r.getUid()).isEqualTo(second.getMetadata().getUid()));
    });
  }

  @Test
  void orphanPropagationKeepsDependentsWithoutTheOwnerReference() {
    GenericKubernetesResource owner = createWidget("orphaning");
    ownedConfigMap("orphan", owner);

    api.client().genericKubernetesResources(CrudTest.WIDGETS).withName("orphaning")
        .withPropagationPolicy(DeletionPropagation.ORPHAN).delete();
    api.server().collectGarbage();

    ConfigMap orphan = api.client().configMaps().withName("orphan").get();
    assertThat(orphan).isNotNull();
    assertThat(orphan.getMetadata().getOwnerReferences()).isEmpty();
  }

  @Test
  void anObjectWithAFinalizerIsOnlyMarkedForDeletionUntilTheFinalizerIsRemoved() {
    var cms = api.client().configMaps();
    cms.resource(new ConfigMapBuilder().withNewMetadata().withName("finalized").addToFinalizers("example.com/hold")
        .endMetadata().build()).create();
    cms.withName("finalized").delete();
    ConfigMap marked = cms.withName("finalized").get();
    assertThat(marked.getMetadata().getDeletionTimestamp()).isNotBlank();

    cms.withName("finalized").edit(c -> {
      c.getMetadata().setFinalizers(java.util.List.of());
      return c;
    });
    assertThat(cms.withName("finalized").get()).isNull();
  }

  @Test
  void anObjectWrittenWithAnOwnerThatIsAlreadyGoneIsCollected() {
    GenericKubernetesResource owner = createWidget("gone-before");
    api.client().genericKubernetesResources(CrudTest.WIDGETS).withName("gone-before").delete();
    await().atMost(ApiTestServerExtension.WAIT).until(() -> api.client().genericKubernetesResources(CrudTest.WIDGETS)
        .withName("gone-before").get() == null);

    ownedConfigMap("late-child", owner);

    await().atMost(ApiTestServerExtension.WAIT).until(() -> api.client().configMaps().withName("late-child").get() == null);
  }
}
