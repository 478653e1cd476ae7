package io.exposedapp.alerts;

import static io.exposedapp.testing.OperatorHarness.app;
import static io.exposedapp.testing.OperatorHarness.port;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.ExposedAppOperator;
import io.exposedapp.api.NodePortPool;
import io.exposedapp.config.OperatorConfig;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.Waits;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The metric names the alerts read are what a running operator exports on /metrics (read from it, not copied by
 * hand): an operator with a NodePortPool and an app, scraped. {@code up} is Prometheus' own.
 */
class AlertMetricNamesTest {

  @RegisterExtension
  static final OperatorHarness op = OperatorHarness.apiServerOnly();

  @Test
  void everyMetricTheAlertsReadIsExportedByARunningOperator() {
    Set<String> read = AlertRules.metricNames();
    assertThat(read).contains("exposedapp_nodeports_free", "exposedapp_pool_nodeports_free", "up");
    int metrics = OperatorHarness.freeLocalPort();
    try (ExposedAppOperator operator = op.newOperator(OperatorConfig.defaults().withPorts(0, metrics)).start()) {
      op.client().resource(Serialization.unmarshal("""
          apiVersion: exposedapp.io/v1alpha1
          kind: NodePortPool
          metadata: {name: metrics}
          spec: {ranges: ["31000-31009"], default: true}
          """, NodePortPool.class)).create();
      String ns = op.newNamespace();
      op.create(app(ns, "web", port("http", 80)));
      op.awaitReady(ns, "web");

      Waits.await().untilAsserted(() -> {
        Set<String> exported = exportedNames(OperatorHarness.scrapeMetrics(metrics));
        Set<String> missing = new TreeSet<>(read);
        missing.remove("up");
        missing.removeAll(exported);
        assertThat(missing).as("metrics the alerts read that /metrics does not export").isEmpty();
      });
    }
  }

  private static Set<String> exportedNames(String scrape) {
    Set<String> names = new TreeSet<>();
    scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
        .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
    return names;
  }
}
