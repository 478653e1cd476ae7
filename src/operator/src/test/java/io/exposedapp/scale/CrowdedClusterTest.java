package io.exposedapp.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.ExposedAppOperator;
import io.exposedapp.allocation.PortRange;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.config.OperatorConfig;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.Conditions;
import io.exposedapp.testing.CrowdedCluster;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.Waits;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;

/**
 * The crowded-cluster scenario of docs/BENCHMARKS.md, smaller (the same {@link CrowdedCluster}): Services of others,
 * some holding nodePorts of the range, exist before the operator starts; then apps fill every port they left. On both
 * API servers, so that the API requests per app are also seen on kube-apiserver: counted at the operator's client.
 */
@Tag("real-apiserver")
class CrowdedClusterTest {

  static final PortRange RANGE = new PortRange(30100, 30159);
  /** Few enough that they and the apps' Services fit the /24 of Service IPs kube-api-test gives kube-apiserver. */
  static final int FOREIGN = 180;

  @RegisterExtension
  static final OperatorHarness op = OperatorHarness.apiServerOnly(
      OperatorConfig.fromEnvironment(Map.of(OperatorConfig.NODE_PORT_RANGE, RANGE.start() + "-" + RANGE.end())));

  @Test
  void appsFillWhatForeignServicesLeaveOfTheRangeWithoutADuplicateInAFewRequestsEach() {
    List<Service> foreign = CrowdedCluster.createForeignServices(op.client(), FOREIGN, 4);
    Set<Integer> held = CrowdedCluster.nodePortsIn(foreign, RANGE);
    assertThat(held).as("foreign Services hold ports of the range").hasSizeGreaterThan(10);
    int count = RANGE.size() - held.size();
    Map<String, Integer> requests = new ConcurrentHashMap<>();
    String ns = op.newNamespace();

    try (ExposedAppOperator operator = new ExposedAppOperator(countingClient(requests),
        OperatorConfig.fromEnvironment(Map.of(OperatorConfig.NODE_PORT_RANGE, RANGE.start() + "-" + RANGE.end()))
            .withPorts(0, 0), Clock.systemUTC()).start()) {
      requests.clear(); // what starting costs (lists, watches, the access reviews) is not per app
      List<String> names = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        names.add("app-" + i);
        op.create(OperatorHarness.app(ns, "app-" + i, OperatorHarness.port("http", 8080)));
      }
      await().atMost(Duration.ofMinutes(2)).until(() -> names.stream().map(n -> op.get(ns, n))
          .allMatch(a -> a.getStatus() != null
              && Conditions.isTrue(a.getStatus().conditions(), ConditionTypes.READY)));
      // the last status writes and Events of the fill, before counting
      Waits.untilQuiet("the operator", () -> requests.values().stream().mapToInt(Number::intValue).sum(),
          Duration.ofSeconds(2));
    }

    int duplicates = CrowdedCluster.duplicateNodePorts(
        op.client().services().inAnyNamespace().list().getItems(), RANGE, count + held.size());
    assertThat(duplicates).isZero();
    Map<String, Double> perApp = new TreeMap<>();
    requests.forEach((kind, n) -> perApp.put(kind, n / (double) count));
    System.out.printf("API requests per app, crowded fill of %d apps among %d Services, %s: %s%n", count, FOREIGN,
        op.onApiTestServer() ? "API test server" : "kube-apiserver", perApp);
    // one Service apply, one status patch, one Event per app; retries of refused or conflicting writes are few
    assertThat(perApp.getOrDefault("PATCH services", 0.0)).as("Service writes per app").isBetween(1.0, 1.2);
    assertThat(perApp.getOrDefault("PATCH exposedapps/status", 0.0)).as("status writes per app")
        .isBetween(1.0, 1.5);
    assertThat(perApp.getOrDefault("POST events", 0.0)).as("Events per app").isBetween(1.0, 1.2);
    assertThat(perApp.keySet()).as("no reads or other writes per app (leader election is off here)")
        .containsOnly("PATCH services", "PATCH exposedapps/status", "POST events");
  }

  /** The operator's client, as ExposedAppOperator.newClient makes it, counting its requests by verb and resource. */
  private static KubernetesClient countingClient(Map<String, Integer> requests) {
    Interceptor counting = new Interceptor() {
      @Override
      public void before(BasicBuilder builder, HttpRequest request, Interceptor.RequestTags tags) {
        String path = request.uri().getPath();
        String[] parts = path.split("/");
        boolean status = path.endsWith("/status");
        String resource = path.contains("/namespaces/") ? parts[Math.min(parts.length - 1,
            List.of(parts).indexOf("namespaces") + 2)] : parts[parts.length - 1];
        String query = request.uri().getQuery() == null ? "" : request.uri().getQuery();
        String verb = request.method().equals("GET") && query.contains("watch=") ? "WATCH" : request.method();
        requests.merge(verb + " " + resource + (status ? "/status" : ""), 1, Integer::sum);
      }
    };
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(op.adminConfig()).withUserAgent(ExposedAppOperator.USER_AGENT).build())
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("count", counting))
        .build();
  }
}
