package io.exposedapp.metrics;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

import io.exposedapp.allocation.PortRange;
import io.exposedapp.pool.PoolUsage;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The operator's own metrics, next to JOSDK's: how full the nodePort range is, conflicts, and reconcile outcomes.
 * Exposed in the Prometheus format as {@code exposedapp_*}.
 */
public final class OperatorMetrics {

  /** How a reconcile ended, a tag of {@code exposedapp_reconciles_total}. */
  public enum Outcome {
    /** Everything wanted exists. */
    READY,
    /** Waiting for something outside the app: a port, a name, the ALB. */
    WAITING,
    /** The spec cannot be acted on (condition InvalidSpec/IngressInvalid). */
    INVALID,
    /** A write failed; JOSDK retries. */
    FAILED
  }

  private final MeterRegistry registry;
  private final Counter conflicts;
  private final Counter ledgerChecks;
  private final Counter ledgerRepairs;
  private final MultiGauge poolSize;
  private final MultiGauge poolUsed;
  private final MultiGauge poolFree;
  /** The pools' usage as last published: what the per-pool gauges read when scraped. */
  private final AtomicReference<Map<String, PoolUsage>> poolUsage = new AtomicReference<>(Map.of());
  /** The pools the gauges have rows for: rows are registered again only when this set changes. */
  private Set<String> poolRows = Set.of();

  public OperatorMetrics(MeterRegistry registry, PortRange range, IntSupplier usedInRange,
      IntSupplier keptOutsideRange, IntSupplier appsWaiting, IntSupplier leading) {
    this.registry = registry;
    Gauge.builder("exposedapp.apps.waiting", appsWaiting::getAsInt)
        .description("ExposedApps waiting for something another object holds (a free nodePort, a pool with room, "
            + "their Service's or Ingress's name), as of their last reconcile")
        .register(registry);
    Gauge.builder("exposedapp.leader", leading::getAsInt)
        .description("1 while this replica reconciles (it holds the leader Lease, or leader election is off), else 0")
        .register(registry);
    Gauge.builder("exposedapp.nodeports.outside.range", keptOutsideRange::getAsInt)
        .description("nodePorts that apps keep outside the operator's range because the range changed after they "
            + "were allocated (never moved), as of each app's last reconcile")
        .register(registry);
    Gauge.builder("exposedapp.nodeports.used", usedInRange::getAsInt)
        .description("nodePorts of the operator's range held by any Service, ExposedApp status or plan in flight, "
            + "as of the last allocation")
        .register(registry);
    Gauge.builder("exposedapp.nodeports.free", () -> range.size() - usedInRange.getAsInt())
        .description("nodePorts of the operator's range still free, as of the last allocation")
        .register(registry);
    Gauge.builder("exposedapp.nodeports.range.size", range::size)
        .description("size of the operator's nodePort range")
        .register(registry);
    this.conflicts = Counter.builder("exposedapp.nodeport.conflicts")
        .description("explicit nodePort requests found held by someone else (counted when reported)")
        .register(registry);
    this.ledgerChecks = Counter.builder("exposedapp.ledger.checks")
        .description("comparisons of the ledger of nodePorts in use with a rebuild from the caches")
        .register(registry);
    this.ledgerRepairs = Counter.builder("exposedapp.ledger.repaired.holders")
        .description("Services and ExposedApps whose nodePorts the ledger had wrong, found and repaired by a comparison")
        .register(registry);
    this.poolSize = MultiGauge.builder("exposedapp.pool.nodeports.size")
        .description("nodePorts in a valid NodePortPool's ranges, by pool").register(registry);
    this.poolUsed = MultiGauge.builder("exposedapp.pool.nodeports.used")
        .description("nodePorts of a valid NodePortPool held by any Service or ExposedApp, by pool").register(registry);
    this.poolFree = MultiGauge.builder("exposedapp.pool.nodeports.free")
        .description("nodePorts of a valid NodePortPool nobody holds, by pool").register(registry);
  }

  /**
   * Publishes the valid pools' usage; pools not in the map (deleted, invalid) disappear. One writer at a time: the
   * rows of the per-pool gauges change only with the set of pools (registering them from two threads at once made the
   * registry ignore one registration, with a WARN), and each row reads the latest usage when scraped.
   */
  public synchronized void pools(Map<String, PoolUsage> usage) {
    poolUsage.set(Map.copyOf(usage));
    if (!usage.keySet().equals(poolRows)) {
      poolRows = Set.copyOf(usage.keySet());
      poolSize.register(rows(poolRows, PoolUsage::size), true);
      poolUsed.register(rows(poolRows, PoolUsage::used), true);
      poolFree.register(rows(poolRows, PoolUsage::free), true);
    }
  }

  private List<MultiGauge.Row<?>> rows(Set<String> pools, ToIntFunction<PoolUsage> value) {
    return pools.stream().sorted()
        .<MultiGauge.Row<?>>map(pool -> MultiGauge.Row.of(Tags.of("pool", pool), poolUsage,
            latest -> latest.get().containsKey(pool) ? value.applyAsInt(latest.get().get(pool)) : Double.NaN))
        .toList();
  }

  /** One comparison of the ledger of ports in use with the caches; {@code repairedHolders} differed, now repaired. */
  public void ledgerChecked(int repairedHolders) {
    ledgerChecks.increment();
    ledgerRepairs.increment(repairedHolders);
  }

  public void conflictReported() {
    conflicts.increment();
  }

  /**
   * Registers {@code exposedapp_lbc_pending_apps{condition}}: per condition of a way in that the AWS Load Balancer
   * Controller completes ({@code LoadBalancerReady}, {@code TargetGroupBindingsReady}), the apps that wait for it or
   * whose binding it reports failing, as of their last reconcile.
   */
  public void lbcPending(List<String> conditions, ToIntFunction<String> apps) {
    for (String condition : conditions) {
      Gauge.builder("exposedapp.lbc.pending.apps", () -> apps.applyAsInt(condition))
          .description("ExposedApps waiting for the AWS Load Balancer Controller (an NLB's address, a binding "
              + "observed) or whose binding it reports failing, by condition, as of their last reconcile")
          .tag("condition", condition)
          .register(registry);
    }
  }

  /** The AWS Load Balancer Controller's latest Event on an app's TargetGroupBinding became a warning. */
  public void bindingWarningReported() {
    registry.counter("exposedapp.targetgroupbinding.warnings").increment();
  }

  public void reconciled(Outcome outcome) {
    registry.counter("exposedapp.reconciles", "outcome", outcome.name().toLowerCase()).increment();
  }
}
