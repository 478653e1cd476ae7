package io.exposedapp.reconciler;

import static io.exposedapp.testing.OperatorHarness.app;
import static io.exposedapp.testing.OperatorHarness.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.ExposedAppOperator;
import io.exposedapp.config.OperatorConfig;
import io.exposedapp.config.OperatorConfig.LeaderElection;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.Waits;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * What running in a cluster needs: health and metrics endpoints, leader election between replicas, and surviving a
 * resource Java cannot read. Each test starts its own operator instances against the harness's API server.
 */
@Tag("real-apiserver")
class InClusterBehaviourTest {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness();

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthAndMetricsEndpointsAnswerWithTheirContent() throws Exception {
    String ns = op.newNamespace();
    op.create(app(ns, "probed", port("http", 80)));
    op.awaitReady(ns, "probed");
    int health = OperatorHarness.freeLocalPort();
    int metrics = OperatorHarness.freeLocalPort();
    op.stopOperator();
    try (ExposedAppOperator operator = op.newOperator(OperatorConfig.defaults().withPorts(health, metrics))) {
      operator.start();
      assertThat(get(health, "/livez").statusCode()).isEqualTo(200);
      assertThat(get(health, "/readyz").statusCode()).isEqualTo(200);
      op.create(app(ns, "counted", port("http", 80)));
      op.awaitReady(ns, "counted");

      Waits.await().untilAsserted(() -> {
        String body = get(metrics, "/metrics").body();
        assertThat(body).contains("exposedapp_nodeports_free ").contains("exposedapp_nodeports_used ")
            .contains("exposedapp_reconciles_total{outcome=\"ready\"}")
            .contains("operator_sdk_reconciliations_started_total")
            .contains("jvm_memory_used_bytes{area=\"heap\"").contains("jvm_threads_live_threads ");
      });
      String body = get(metrics, "/metrics").body();
      double free = Double.parseDouble(body.lines().filter(l -> l.startsWith("exposedapp_nodeports_free "))
          .findFirst().orElseThrow().split(" ")[1]);
      assertThat(free).isLessThan(2768).isGreaterThan(2700);
    } finally {
      op.startOperator();
    }
    assertThatThrownBy(() -> get(health, "/livez")).as("the endpoints stop with the operator")
        .isInstanceOf(java.net.ConnectException.class);
  }

  @Test
  void withLeaderElectionOnlyOneReplicaReconcilesAndTheOtherTakesOverWhenItStops() throws Exception {
    op.stopOperator();
    int metricsA = OperatorHarness.freeLocalPort();
    int metricsB = OperatorHarness.freeLocalPort();
    ExposedAppOperator first = op.newOperator(OperatorConfig.defaults().withPorts(0, metricsA)
        .withLeaderElection(new LeaderElection("exposedapp-operator", "default", "replica-a", true)));
    ExposedAppOperator second = op.newOperator(OperatorConfig.defaults().withPorts(0, metricsB)
        .withLeaderElection(new LeaderElection("exposedapp-operator", "default", "replica-b", true)));
    try {
      first.start();
      Waits.await().until(() -> holder() != null);
      second.start();
      String ns = op.newNamespace();
      op.create(app(ns, "led", port("http", 80)));
      op.awaitReady(ns, "led");
      String leader = holder();
      assertThat(leader).isIn("replica-a", "replica-b");
      int leaderMetrics = leader.equals("replica-a") ? metricsA : metricsB;
      int followerMetrics = leader.equals("replica-a") ? metricsB : metricsA;
      assertThat(reconciles(leaderMetrics)).isPositive();
      assertThat(reconciles(followerMetrics)).as("the follower reconciles nothing").isZero();

      (leader.equals("replica-a") ? first : second).close();
      String follower = leader.equals("replica-a") ? "replica-b" : "replica-a";
      // the stopped leader released the Lease: no wait for it to expire (15 s)
      Waits.await().until(() -> follower.equals(holder()));
      op.create(app(ns, "after-failover", port("http", 80)));
      op.awaitReady(ns, "after-failover");
    } finally {
      first.close();
      second.close();
      op.startOperator();
    }
  }

  /** exposedapp_reconciles_total summed over outcomes, from an instance's /metrics. */
  private static double reconciles(int metricsPort) throws Exception {
    return get(metricsPort, "/metrics").body().lines()
        .filter(l -> l.startsWith("exposedapp_reconciles_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static String holder() {
    var lease = op.client().leases().inNamespace("default").withName("exposedapp-operator").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  @Test
  void aResourceJavaCannotReadDoesNotStopTheOperatorOrOtherApps() {
    op.requireUnvalidatedCustomResources("a port given as a string");
    String ns = op.newNamespace();
    // stored past the schema (as a real server does without this CRD's schema): what the Java model cannot map
    op.withoutCrdSchema(() -> op.client().genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("exposedapp.io")
        .withVersion("v1alpha1").withKind("ExposedApp").withPlural("exposedapps").withNamespaced(true).build())
        .inNamespace(ns).resource(new GenericKubernetesResourceBuilder().withApiVersion("exposedapp.io/v1alpha1")
            .withKind("ExposedApp").withNewMetadata().withName("unreadable").endMetadata()
            .withAdditionalProperties(Map.of("spec", Map.of("selector", Map.of("app", "x"),
                "ports", java.util.List.of(Map.of("name", "http", "port", "eighty")))))
            .build())
        .create());

    op.create(app(ns, "readable", port("http", 80)));
    op.awaitReady(ns, "readable");
  }
}
