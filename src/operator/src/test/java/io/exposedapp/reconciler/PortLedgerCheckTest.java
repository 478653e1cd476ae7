package io.exposedapp.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.exposedapp.allocation.PortRange;
import io.exposedapp.ledger.ClusterPorts;
import io.exposedapp.metrics.OperatorMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class PortLedgerCheckTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicReference<Optional<ClusterPorts.Drift>> next = new AtomicReference<>(Optional.empty());
  private final PortLedgerCheck check = new PortLedgerCheck(next::get,
      new OperatorMetrics(registry, PortRange.DEFAULT, () -> 0, () -> 0, () -> 0, () -> 1));

  @Test
  void aDifferenceIsCountedByHolderAndReported() {
    next.set(Optional.of(new ClusterPorts.Drift(List.of("Service ns/a [30001] -> none",
        "Service ns/b none -> [30002]"), 10)));

    assertThat(check.check()).isTrue();
    assertThat(registry.get("exposedapp.ledger.checks").counter().count()).isEqualTo(1);
    assertThat(registry.get("exposedapp.ledger.repaired.holders").counter().count()).isEqualTo(2);
  }

  @Test
  void noDifferenceCountsACheckAndNothingRepaired() {
    next.set(Optional.of(new ClusterPorts.Drift(List.of(), 10)));

    assertThat(check.check()).isFalse();
    assertThat(registry.get("exposedapp.ledger.checks").counter().count()).isEqualTo(1);
    assertThat(registry.get("exposedapp.ledger.repaired.holders").counter().count()).isZero();
  }

  @Test
  void withoutCachesToCompareWithNothingIsCounted() {
    assertThat(check.check()).isFalse();
    assertThat(registry.get("exposedapp.ledger.checks").counter().count()).isZero();
  }

  @Test
  void aFailingComparisonIsReportedAndDoesNotStopTheNextOne() {
    PortLedgerCheck failing = new PortLedgerCheck(() -> {
      throw new IllegalStateException("informer stopped");
    }, new OperatorMetrics(new SimpleMeterRegistry(), PortRange.DEFAULT, () -> 0, () -> 0, () -> 0, () -> 1));

    assertThat(failing.check()).isFalse();
  }
}
