package io.exposedapp.reconciler;

import static io.exposedapp.testing.OperatorHarness.app;
import static io.exposedapp.testing.OperatorHarness.nodePort;
import static io.exposedapp.testing.OperatorHarness.port;
import static io.exposedapp.testing.OperatorHarness.statusNodePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.ExposedAppOperator;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.config.OperatorConfig;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.status.Conditions;
import io.exposedapp.status.StatusFactory;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.Waits;

/**
 * An operator restarted with another {@code EXPOSEDAPP_NODE_PORT_RANGE} keeps every allocated nodePort (as
 * kube-apiserver keeps Services outside a changed {@code --service-node-port-range}): a moved port breaks the ALB
 * target group. Only new allocations come from the new range.
 */
@Tag("real-apiserver")
class RangeChangeTest {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness();

  private static OperatorConfig withRange(String range, int metricsPort) {
    return OperatorConfig.fromEnvironment(Map.of(OperatorConfig.NODE_PORT_RANGE, range)).withPorts(0, metricsPort);
  }

  @Test
  void aChangedRangeMovesNoAllocatedPortSaysSoOnceAndAllocatesNewPortsFromTheNewRange() {
    op.stopOperator();
    String ns = op.newNamespace();
    try {
      try (ExposedAppOperator before = op.newOperator(withRange("31000-31009", 0)).start()) {
        op.create(app(ns, "web", port("http", 80), port("https", 443)));
        op.create(app(ns, "pinned", port("http", 80, 31008)));
        op.awaitReady(ns, "web");
        op.awaitReady(ns, "pinned");
      }
      ExposedApp web = op.get(ns, "web");
      int http = statusNodePort(web, "http");
      int https = statusNodePort(web, "https");
      String serviceUid = op.service(ns, "web").getMetadata().getUid();
      assertThat(http).isBetween(31000, 31009);

      int metrics = OperatorHarness.freeLocalPort();
      try (ExposedAppOperator after = op.newOperator(withRange("31100-31199", metrics)).start()) {
        ExposedApp kept = op.awaitApp(ns, "web", a -> Conditions.find(a.getStatus().conditions(),
            ConditionTypes.PORTS_ALLOCATED).map(c -> c.getMessage().contains(StatusFactory.OUTSIDE_RANGE))
            .orElse(false));
        assertThat(Conditions.isTrue(kept.getStatus().conditions(), ConditionTypes.READY)).isTrue();
        assertThat(Conditions.find(kept.getStatus().conditions(), ConditionTypes.PORTS_ALLOCATED).orElseThrow()
            .getMessage()).contains("http:" + http).contains("31100-31199");
        assertThat(statusNodePort(kept, "http")).isEqualTo(http);
        assertThat(statusNodePort(kept, "https")).isEqualTo(https);
        assertThat(nodePort(op.service(ns, "web"), "http")).isEqualTo(http);
        assertThat(nodePort(op.service(ns, "web"), "https")).isEqualTo(https);
        assertThat(op.service(ns, "web").getMetadata().getUid()).as("patched in place, never re-created")
            .isEqualTo(serviceUid);
        ExposedApp pinned = op.awaitApp(ns, "pinned", a -> Conditions.find(a.getStatus().conditions(),
            ConditionTypes.PORTS_ALLOCATED).map(c -> c.getMessage().contains(StatusFactory.OUTSIDE_RANGE))
            .orElse(false));
        assertThat(statusNodePort(pinned, "http")).as("an explicit port the app holds is kept").isEqualTo(31008);

        op.create(app(ns, "newcomer", port("http", 80)));
        assertThat(statusNodePort(op.awaitReady(ns, "newcomer"), "http")).isEqualTo(31100);
        op.create(app(ns, "late-pin", port("http", 80, 31007)));
        op.awaitReason(ns, "late-pin", ConditionTypes.PORTS_ALLOCATED, Reasons.NODE_PORT_OUT_OF_RANGE);

        Waits.await().untilAsserted(() -> assertThat(
            OperatorHarness.scrapeMetrics(metrics)).contains("exposedapp_nodeports_outside_range 3.0"));
      }
      assertThat(op.events(ns, "web", ExposedAppReconciler.NODE_PORTS_KEPT_OUTSIDE_RANGE)).hasSize(1);

      // a further restart with the same range says nothing new and writes nothing
      int mark = op.server().requests().size();
      try (ExposedAppOperator again = op.newOperator(withRange("31100-31199", 0)).start()) {
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(op.server().requests().subList(mark, op.server().requests().size()))
                .filteredOn(r -> r.userAgent().startsWith(ExposedAppOperator.USER_AGENT))
                .filteredOn(r -> !r.method().equals("GET") && !r.uri().contains("/leases"))
                .as("writes after a restart with nothing to change").isEmpty());
      }
      assertThat(op.events(ns, "web", ExposedAppReconciler.NODE_PORTS_KEPT_OUTSIDE_RANGE)).hasSize(1);
      assertThat(statusNodePort(op.get(ns, "web"), "http")).isEqualTo(http);
    } finally {
      op.startOperator();
    }
  }
}
