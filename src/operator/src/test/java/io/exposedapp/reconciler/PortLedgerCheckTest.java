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
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    PortLedgerCheck flaky = new PortLedgerCheck(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("informer stopped");
      }
      return Optional.of(new ClusterPorts.Drift(List.of("Service ns/a [30001] -> none"), 10));
    }, new OperatorMetrics(registry, PortRange.DEFAULT, () -> 0, () -> 0, () -> 0, () -> 1));
    ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
        .getLogger(PortLedgerCheck.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
        new ch.qos.logback.core.read.ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      assertThat(flaky.check()).as("the failing comparison").isFalse();
      assertThat(logged.list).singleElement().satisfies(line -> {
        assertThat(line.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
        assertThat(line.getFormattedMessage()).isEqualTo("comparing the ledger of nodePorts in use with the caches "
            + "failed: java.lang.IllegalStateException: informer stopped");
        assertThat(line.getThrowableProxy()).as("one line, no stack trace").isNull();
      });
      assertThat(registry.get("exposedapp.ledger.checks").counter().count()).as("no comparison counted").isZero();

      assertThat(flaky.check()).as("the next comparison runs and repairs").isTrue();
      assertThat(registry.get("exposedapp.ledger.checks").counter().count()).isEqualTo(1);
      assertThat(registry.get("exposedapp.ledger.repaired.holders").counter().count()).isEqualTo(1);
    } finally {
      logger.detachAppender(logged);
    }
  }
}
