package io.exposedapp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.exposedapp.allocation.PortRange;
import io.exposedapp.pool.PoolUsage;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The per-pool gauges: one writer at a time, the last usage published is what they export, and the registry is quiet. */
class OperatorMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final OperatorMetrics metrics = new OperatorMetrics(registry, PortRange.parse("30000-32767"), () -> 0,
      () -> 0, () -> 0, () -> 1);
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void captureLogs() {
    log.start();
    root.addAppender(log);
  }

  @AfterEach
  void releaseLogs() {
    root.detachAppender(log);
  }

  private static PoolUsage usage(int size, int used) {
    return new PoolUsage(size, used, size - used, Map.of());
  }

  @Test
  void manyConcurrentPoolPassesLeaveTheLastPublishedUsageAndNoRegistryWarning() throws Exception {
    int threads = 8;
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> passes = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      passes.add(executor.submit(() -> {
        start.await();
        for (int i = 0; i < 300; i++) {
          // the set of pools changes too (a pool made valid, then invalid), which is when rows are registered
          metrics.pools(i % 3 == 0 ? Map.of("shared", usage(100, i), "web", usage(10, thread))
              : Map.of("shared", usage(100, i), "web", usage(10, thread), "games", usage(50, i % 50)));
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> pass : passes) {
      pass.get(2, TimeUnit.MINUTES);
    }
    executor.shutdown();

    metrics.pools(Map.of("shared", usage(100, 42), "web", usage(10, 3)));

    assertThat(gauge("exposedapp.pool.nodeports.used", "shared").value()).isEqualTo(42);
    assertThat(gauge("exposedapp.pool.nodeports.free", "shared").value()).isEqualTo(58);
    assertThat(gauge("exposedapp.pool.nodeports.size", "web").value()).isEqualTo(10);
    assertThat(gauge("exposedapp.pool.nodeports.used", "web").value()).isEqualTo(3);
    assertThat(registry.find("exposedapp.pool.nodeports.used").tag("pool", "games").gauge())
        .as("a pool no longer published").isNull();
    assertThat(log.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
  }

  @Test
  void aPublicationWithTheSamePoolsChangesTheValuesTheGaugesRead() {
    metrics.pools(Map.of("shared", usage(100, 1)));
    Gauge used = gauge("exposedapp.pool.nodeports.used", "shared");

    metrics.pools(Map.of("shared", usage(100, 2)));

    assertThat(used.value()).isEqualTo(2);
    assertThat(gauge("exposedapp.pool.nodeports.used", "shared")).as("the same row, not registered again")
        .isSameAs(used);
  }

  private Gauge gauge(String name, String pool) {
    Gauge gauge = registry.find(name).tag("pool", pool).gauge();
    assertThat(gauge).as("%s{pool=%s}", name, pool).isNotNull();
    return gauge;
  }
}
