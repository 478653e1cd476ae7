package io.exposedapp.reconciler;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.exposedapp.ledger.ClusterPorts;
import io.exposedapp.metrics.OperatorMetrics;

/**
 * Compares the ledger of ports in use with a rebuild from the caches at a fixed interval, and repairs it on a
 * difference, with a warning and {@code exposedapp_ledger_repaired_holders_total}: a safety net like kube-apiserver's
 * repair loop of its own nodePort allocations. The ledger changes with the caches under one lock, so a difference
 * means a bug; a rebuild of 10,000 Services takes a few milliseconds (docs/BENCHMARKS.md).
 */
public final class PortLedgerCheck implements AutoCloseable {

  /** Often enough that a wrong port is not handed out for long, rarely enough to cost nothing. */
  public static final Duration INTERVAL = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(PortLedgerCheck.class);

  private final Supplier<Optional<ClusterPorts.Drift>> repair;
  private final OperatorMetrics metrics;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "port-ledger-check");
    thread.setDaemon(true);
    return thread;
  });

  /** @param repair compares and repairs; empty while there are no caches to compare with (not leading, not synced) */
  public PortLedgerCheck(Supplier<Optional<ClusterPorts.Drift>> repair, OperatorMetrics metrics) {
    this.repair = repair;
    this.metrics = metrics;
  }

  public PortLedgerCheck start() {
    timer.scheduleWithFixedDelay(this::check, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** One comparison; true if it found (and repaired) a difference. */
  public boolean check() {
    try {
      Optional<ClusterPorts.Drift> drift = repair.get();
      drift.ifPresent(d -> {
        metrics.ledgerChecked(d.differences().size());
        if (d.found()) {
          log.warn("the ledger of nodePorts in use differed from the caches for {} of {} holders, repaired: {}",
              d.differences().size(), d.holders(), String.join("; ", d.differences().subList(0,
                  Math.min(5, d.differences().size()))));
        }
      });
      return drift.map(ClusterPorts.Drift::found).orElse(false);
    } catch (RuntimeException e) {
      // the next check tries again; a failure here must not stop the timer
      log.warn("comparing the ledger of nodePorts in use with the caches failed: {}", e.toString());
      return false;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
