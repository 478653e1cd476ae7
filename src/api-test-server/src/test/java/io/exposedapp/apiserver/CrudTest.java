package io.exposedapp.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import static org.awaitility.Awaitility.await;

class CrudTest {

  @RegisterExtension
  static final ApiTestServerExtension api = new ApiTestServerExtension();

  static final ResourceDefinitionContext WIDGETS = new ResourceDefinitionContext.Builder()
      .withGroup("example.com").withVersion("v1").withKind("Widget").withPlural("widgets").withNamespaced(true)
      .build();

  private static ConfigMap configMap(String name, Map<String, String> labels) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .addToData("k", "v").build();
  }

  private static GenericKubernetesResource widget(String name, int size) {
    return new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1").withKind("Widget")
        .withNewMetadata().withName(name).endMetadata()
        .withAdditionalProperties(Map.of("spec", Map.of("size", size)))
        .build();
  }

  @Test
  void createGetUpdateDeleteRoundTripsWithServerSetMetadata() {
    var client = api.client();
    ConfigMap created = client.configMaps().resource(configMap("crud", Map.of())).create();
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getMetadata().getCreationTimestamp()).isNotBlank();
    assertThat(created.getMetadata().getResourceVersion()).isNotBlank();

    created.getData().put("k", "changed");
    ConfigMap updated = client.configMaps().resource(created).update();
    assertThat(updated.getData()).containsEntry("k", "changed");
    assertThat(Long.parseLong(updated.getMetadata().getResourceVersion()))
        .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
    assertThat(updated.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());

    assertThat(client.configMaps().withName("crud").get().getData()).containsEntry("k", "changed");
    assertThat(client.configMaps().withName("crud").delete()).hasSize(1);
    assertThat(client.configMaps().withName("crud").get()).isNull();
  }

  @Test
  void createOfAnExistingNameIsRefusedWith409AlreadyExists() {
    var client = api.client();
    client.configMaps().resource(configMap("twice", Map.of())).create();
    assertThatThrownBy(() -> client.configMaps().resource(configMap("twice", Map.of())).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
        });
  }

  @Test
  void updateWithStaleResourceVersionIsRefusedWith409Conflict() {
    var client = api.client();
    ConfigMap first = client.configMaps().resource(configMap("stale", Map.of())).create();
    client.configMaps().resource(first).edit(c -> new ConfigMapBuilder(c).addToData("x", "1").build());
    first.getData().put("k", "lost update");
    assertThatThrownBy(() -> client.configMaps().resource(first).update())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
        });
  }

  @Test
  void createInAMissingNamespaceIsRefusedWith404() {
    assertThatThrownBy(() -> api.client().configMaps().inNamespace("nowhere").resource(configMap("x", Map.of()))
        .create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  @Test
  void labelSelectorsFilterWithEqualityInNotinAndExistence() {
    var client = api.client();
    client.resource(new NamespaceBuilder().withNewMetadata().withName("labels").endMetadata().build()).create();
    var cms = client.configMaps().inNamespace("labels");
    cms.resource(configMap("a", Map.of("tier", "web", "env", "prod"))).create();
    cms.resource(configMap("b", Map.of("tier", "db", "env", "prod"))).create();
    cms.resource(configMap("c", Map.of("tier", "cache"))).create();

    assertThat(names(cms.withLabel("tier", "web").list().getItems())).containsExactly("a");
    assertThat(names(cms.withLabelIn("tier", "web", "db").list().getItems())).containsExactly("a", "b");
    assertThat(names(cms.withLabelNotIn("tier", "web", "db").list().getItems())).containsExactly("c");
    assertThat(names(cms.withLabel("env").list().getItems())).containsExactly("a", "b");
    assertThat(names(cms.withoutLabel("env").list().getItems())).containsExactly("c");
    assertThat(names(cms.withoutLabel("tier", "web").list().getItems())).containsExactly("b", "c");
  }

  @Test
  void listPagesWithLimitAndContinue() {
    var client = api.client();
    client.resource(new NamespaceBuilder().withNewMetadata().withName("pages").endMetadata().build()).create();
    for (int i = 0; i < 5; i++) {
      client.configMaps().inNamespace("pages").resource(configMap("cm-" + i, Map.of())).create();
    }
    var first = client.configMaps().inNamespace("pages").list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
        .withLimit(2L).build());
    assertThat(first.getItems()).hasSize(2);
    assertThat(first.getMetadata().getContinue()).isNotBlank();
    assertThat(client.configMaps().inNamespace("pages").list().getItems()).hasSize(5);
  }

  @Test
  void customResourceGenerationBumpsOnSpecChangesOnlyAndStatusGoesThroughTheSubresource() {
    var widgets = api.client().genericKubernetesResources(WIDGETS);
    GenericKubernetesResource created = widgets.resource(widget("gen", 1)).create();
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);

    GenericKubernetesResource withStatus = new GenericKubernetesResourceBuilder(created)
        .withAdditionalProperties(Map.of("spec", Map.of("size", 1), "status", Map.of("observedGeneration", 1)))
        .build();
    GenericKubernetesResource afterStatus = widgets.resource(withStatus).updateStatus();
    assertThat(afterStatus.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(afterStatus.<Integer>get("status", "observedGeneration")).isEqualTo(1);

    GenericKubernetesResource labelled = widgets.withName("gen").edit(w -> {
      w.getMetadata().setLabels(Map.of("a", "b"));
      return w;
    });
    assertThat(labelled.getMetadata().getGeneration()).isEqualTo(1L);

    GenericKubernetesResource grown = widgets.withName("gen").edit(w -> {
      w.setAdditionalProperty("spec", Map.of("size", 2));
      w.setAdditionalProperty("status", Map.of("observedGeneration", 99));
      return w;
    });
    assertThat(grown.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(grown.<Integer>get("status", "observedGeneration"))
        .as("a main-resource write does not change the status").isEqualTo(1);
  }

  @Test
  void watchFromAResourceVersionSendsOnlyLaterEvents() throws Exception {
    var client = api.client();
    client.resource(new NamespaceBuilder().withNewMetadata().withName("watch-rv").endMetadata().build()).create();
    var cms = client.configMaps().inNamespace("watch-rv");
    cms.resource(configMap("before", Map.of())).create();
    String rv = cms.list().getMetadata().getResourceVersion();
    cms.resource(configMap("after", Map.of())).create();

    List<String> seen = new CopyOnWriteArrayList<>();
    try (var watch = cms.watch(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withResourceVersion(rv)
        .build(), new Watcher<ConfigMap>() {
          @Override
          public void eventReceived(Action action, ConfigMap resource) {
            seen.add(action + " " + resource.getMetadata().getName());
          }

          @Override
          public void onClose(WatcherException cause) {
            seen.add("CLOSED " + cause);
          }
        })) {
      cms.withName("after").delete();
      await().atMost(ApiTestServerExtension.WAIT).untilAsserted(() -> assertThat(seen).hasSizeGreaterThanOrEqualTo(2));
      assertThat(seen).containsExactly("ADDED after", "DELETED after");
    }
  }

  @Test
  void informerSeesCreatesUpdatesAndDeletes() {
    var client = api.client();
    client.resource(new NamespaceBuilder().withNewMetadata().withName("informed").endMetadata().build()).create();
    var cms = client.configMaps().inNamespace("informed");
    try (var informer = cms.inform()) {
      cms.resource(configMap("one", Map.of())).create();
      await().atMost(ApiTestServerExtension.WAIT).until(() -> informer.getStore().getByKey("informed/one") != null);
      cms.withName("one").edit(c -> new ConfigMapBuilder(c).addToData("x", "y").build());
      await().atMost(ApiTestServerExtension.WAIT)
          .until(() -> "y".equals(informer.getStore().getByKey("informed/one").getData().get("x")));
      cms.withName("one").delete();
      await().atMost(ApiTestServerExtension.WAIT).until(() -> informer.getStore().getByKey("informed/one") == null);
    }
  }

  private static List<String> names(List<? extends io.fabric8.kubernetes.api.model.HasMetadata> items) {
    return items.stream().map(i -> i.getMetadata().getName()).sorted().toList();
  }
}
