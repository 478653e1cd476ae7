package io.exposedapp.reconciler;

import static io.exposedapp.testing.OperatorHarness.app;
import static io.exposedapp.testing.OperatorHarness.nodePort;
import static io.exposedapp.testing.OperatorHarness.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.config.OperatorConfig;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.status.Conditions;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.Waits;

/** Out of range, exhaustion and the API server refusing a port, with a range of ten ports. */
@Tag("real-apiserver")
class AllocationEdgeCasesTest {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness(OperatorConfig.fromEnvironment(
      Map.of(OperatorConfig.NODE_PORT_RANGE, "30000-30009")));

  private static String message(ExposedApp app, String type) {
    return Conditions.find(app.getStatus().conditions(), type).orElseThrow().getMessage();
  }

  @Test
  void anExplicitNodePortOutsideTheRangeIsReportedWithTheRange() {
    String ns = op.newNamespace();
    op.create(app(ns, "far", port("http", 80, 31000)));
    ExposedApp app = op.awaitReason(ns, "far", ConditionTypes.PORTS_ALLOCATED, Reasons.NODE_PORT_OUT_OF_RANGE);
    assertThat(message(app, ConditionTypes.PORTS_ALLOCATED)).contains("31000").contains("30000-30009");
    assertThat(op.service(ns, "far")).isNull();
  }

  @Test
  void whenTheRangeIsFullWaitingAppsAreReportedAndOneGetsAFreedPortWithoutARestart() {
    String ns = op.newNamespace();
    int free = 10 - usedPorts();
    for (int i = 0; i < free + 2; i++) {
      op.create(app(ns, "fill-" + i, port("http", 80)));
    }
    // concurrent reconciles take the free ports in any order: whichever two come last wait
    Waits.await().until(() -> readyCount(ns) == free && exhausted(ns).size() == 2);
    List<ExposedApp> waiting = exhausted(ns);
    assertThat(waiting).allSatisfy(a -> assertThat(message(a, ConditionTypes.PORTS_ALLOCATED))
        .contains("30000-30009"));

    op.requireGarbageCollection(); // the freed port: the deleted app's Service must go with it
    ExposedApp holder = op.apps().inNamespace(ns).list().getItems().stream()
        .filter(a -> Conditions.isTrue(a.getStatus().conditions(), ConditionTypes.READY)).findFirst().orElseThrow();
    int freed = nodePort(op.service(ns, holder.getMetadata().getName()), "http");
    op.apps().inNamespace(ns).withName(holder.getMetadata().getName()).delete();

    Waits.await().until(() -> readyCount(ns) == free);
    long nowReady = waiting.stream()
        .filter(a -> Conditions.isTrue(op.get(ns, a.getMetadata().getName()).getStatus().conditions(),
            ConditionTypes.READY))
        .count();
    assertThat(nowReady).as("exactly one waiting app took the freed port").isEqualTo(1);
    assertThat(op.client().services().inNamespace(ns).list().getItems())
        .anySatisfy(s -> assertThat(nodePort(s, "http")).isEqualTo(freed));

    op.client().namespaces().withName(ns).delete();
    Waits.await().until(() -> usedPorts() == 10 - free);
  }

  /** The apps of the namespace reporting that the range is exhausted. */
  private static List<ExposedApp> exhausted(String ns) {
    return op.apps().inNamespace(ns).list().getItems().stream()
        .filter(a -> a.getStatus() != null && Conditions.find(a.getStatus().conditions(),
            ConditionTypes.PORTS_ALLOCATED).map(c -> Reasons.NODE_PORT_RANGE_EXHAUSTED.equals(c.getReason()))
            .orElse(false))
        .toList();
  }

  @Test
  void aPortTheApiServerRefusesAsAlreadyAllocatedIsReplacedByAnotherWithoutAnError() {
    String ns = op.newNamespace();
    var rule = op.server().faults().failNext(1, "PATCH", "/namespaces/" + ns + "/services/raced", 422,
        "Service \"raced\" is invalid: spec.ports[0].nodePort: Invalid value: 30009: provided port is already "
            + "allocated");
    op.create(app(ns, "raced", port("http", 80)));
    ExposedApp ready = op.awaitReady(ns, "raced");
    assertThat(rule.fired()).isEqualTo(1);
    assertThat(ready.getStatus().nodePorts()).singleElement().satisfies(p -> assertThat(p.nodePort())
        .isBetween(30000, 30009));
    op.apps().inNamespace(ns).withName("raced").delete();
    Waits.await().until(() -> op.service(ns, "raced") == null);
  }

  @Test
  void anIdleOperatorMakesNoWrites() {
    String ns = op.newNamespace();
    op.create(app(ns, "idle", port("http", 80)));
    op.awaitReady(ns, "idle");
    Waits.untilQuiet("the API test server", () -> op.server().requests().size(), Duration.ofMillis(500));
    String appVersion = op.get(ns, "idle").getMetadata().getResourceVersion();
    String serviceVersion = op.service(ns, "idle").getMetadata().getResourceVersion();
    int mark = op.server().requests().size();

    // a window to watch, not a wait: any write in it fails the test at once
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).untilAsserted(() ->
        assertThat(op.server().requests().subList(mark, op.server().requests().size()))
            .filteredOn(r -> r.isWrite() && r.uri().contains("/namespaces/" + ns + "/"))
            .isEmpty());
    assertThat(op.get(ns, "idle").getMetadata().getResourceVersion()).isEqualTo(appVersion);
    assertThat(op.service(ns, "idle").getMetadata().getResourceVersion()).isEqualTo(serviceVersion);
    op.apps().inNamespace(ns).withName("idle").delete();
    Waits.await().until(() -> op.service(ns, "idle") == null);
  }

  private static int usedPorts() {
    return (int) op.client().services().inAnyNamespace().list().getItems().stream()
        .flatMap(s -> s.getSpec().getPorts().stream())
        .filter(p -> p.getNodePort() != null)
        .count();
  }

  private static long readyCount(String ns) {
    return op.apps().inNamespace(ns).list().getItems().stream()
        .filter(a -> a.getStatus() != null && Conditions.isTrue(a.getStatus().conditions(), ConditionTypes.READY))
        .count();
  }
}
