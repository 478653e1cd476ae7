package io.exposedapp.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

class FaultsTest {

  @RegisterExtension
  static final ApiTestServerExtension api = new ApiTestServerExtension();

  @AfterEach
  void clearFaults() {
    api.server().faults().clear();
  }

  private static ConfigMap configMap(String name) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  @Test
  void failNextFiresExactlyNTimesOnMatchingRequestsOnly() {
    var rule = api.server().faults().failNext(2, "POST", "/configmaps", 503);
    var cms = api.client().configMaps();
    for (String name : List.of("f1", "f2")) {
      assertThatThrownBy(() -> cms.resource(configMap(name)).create())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(503);
            assertThat(e.getStatus().getReason()).isEqualTo("ServiceUnavailable");
          });
    }
    assertThat(cms.withName("f1").get()).as("a GET does not match the POST rule").isNull();
    assertThat(cms.resource(configMap("f3")).create()).isNotNull();
    assertThat(rule.fired()).isEqualTo(2);
  }

  @Test
  void delayedResponsesArriveAfterTheDelayWithoutBlockingOtherRequests() {
    api.server().faults().delayNext(1, "GET", "/configmaps/slow", Duration.ofMillis(700));
    api.client().configMaps().resource(configMap("slow")).create();
    long start = System.nanoTime();
    var slow = java.util.concurrent.CompletableFuture.supplyAsync(() -> api.client().configMaps().withName("slow")
        .get());
    assertThat(api.client().configMaps().withName("slow").get()).as("a concurrent request is not delayed")
        .isNotNull();
    assertThat(slow.join()).isNotNull();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
  }

  @Test
  void closingAllWatchesEndsThemAndAnInformerRecoversByItself() {
    var client = api.client();
    client.resource(new NamespaceBuilder().withNewMetadata().withName("closing").endMetadata().build()).create();
    var cms = client.configMaps().inNamespace("closing");
    try (var informer = cms.inform()) {
      await().atMost(ApiTestServerExtension.WAIT).until(() -> api.server().openWatches() > 0);
      api.server().faults().closeAllWatches();
      cms.resource(configMap("after-close")).create();
      await().atMost(ApiTestServerExtension.WAIT).until(() -> informer.getStore().getByKey("closing/after-close") != null);
    }
  }

  @Test
  void anExpiredWatchSendsA410ErrorEvent() throws Exception {
    api.client().resource(new NamespaceBuilder().withNewMetadata().withName("expired").endMetadata().build())
        .create();
    api.server().faults().expireNextWatch("/namespaces/expired/configmaps");
    List<Integer> codes = new CopyOnWriteArrayList<>();
    try (var watch = api.client().configMaps().inNamespace("expired").watch(new Watcher<ConfigMap>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
      }

      @Override
      public void onClose(WatcherException cause) {
        codes.add(cause == null ? 0 : cause.asClientException().getCode());
      }
    })) {
      await().atMost(ApiTestServerExtension.WAIT).until(() -> !codes.isEmpty());
      assertThat(codes).containsExactly(410);
    }
  }

  @Test
  void anInformerRelistsAfterA410AndMissesNothing() {
    var client = api.client();
    client.resource(new NamespaceBuilder().withNewMetadata().withName("gone").endMetadata().build()).create();
    var cms = client.configMaps().inNamespace("gone");
    try (var informer = cms.inform()) {
      await().atMost(ApiTestServerExtension.WAIT).until(() -> api.server().openWatches() > 0);
      int before = api.server().requests().size();
      api.server().faults().expireNextWatch("/namespaces/gone/configmaps");
      api.server().faults().closeAllWatches();
      cms.resource(configMap("during-relist")).create();
      await().atMost(ApiTestServerExtension.WAIT).until(() -> informer.getStore().getByKey("gone/during-relist") != null);

      assertThat(api.server().faults().watchesExpired()).as("the re-watch was answered 410 Gone").isEqualTo(1);
      assertThat(api.server().requests().subList(before, api.server().requests().size()))
          .as("a list (not a watch) of the namespace's ConfigMaps followed the 410")
          .anyMatch(r -> r.method().equals("GET") && r.uri().contains("/namespaces/gone/configmaps")
              && !r.uri().contains("watch=true") && r.status() == 200);
    }
  }
}
