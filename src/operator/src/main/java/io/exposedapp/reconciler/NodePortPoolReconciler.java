package io.exposedapp.reconciler;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.exposedapp.api.NodePortPool;
import io.exposedapp.api.NodePortPoolStatus;
import io.exposedapp.metrics.OperatorMetrics;
import io.exposedapp.plan.ClusterView;
import io.exposedapp.plan.NodePortPlanner;
import io.exposedapp.pool.PoolUsage;
import io.exposedapp.pool.Pools;
import io.exposedapp.status.EventRecorder;
import io.exposedapp.status.PoolStatusFactory;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;

/**
 * Writes each NodePortPool's status (validity, size, used, free, namespaces drawing) and the per-pool metrics, and
 * records an Event when a pool runs out. It reads the ExposedApp controller's caches rather than watching Services
 * itself, so the cluster's Services are cached once. Their changes reach it through {@link #usageChanged()}, which
 * coalesces them into one pass over every pool {@link #COALESCE} after the first (each pass reads every Service); a
 * resync every {@link #RESYNC} catches anything else.
 */
@ControllerConfiguration(name = NodePortPoolReconciler.NAME)
public class NodePortPoolReconciler implements Reconciler<NodePortPool>, AutoCloseable {

  /** The controller's name, also the field manager of the pools' status. */
  public static final String NAME = "nodeportpool";
  /** Changes within this time after the first one are counted in one pass. */
  static final Duration COALESCE = Duration.ofSeconds(1);
  /** How soon to look again when the ExposedApp controller's caches lag this controller's. */
  static final Duration CACHES_BEHIND = Duration.ofMillis(200);
  /** A safety net for changes no event announced. */
  static final Duration RESYNC = Duration.ofSeconds(30);
  /** The Event reason on a pool that has just run out. */
  public static final String EXHAUSTED = PoolStatusFactory.EXHAUSTED;

  private static final Logger log = LoggerFactory.getLogger(NodePortPoolReconciler.class);

  private final NodePortPlanner planner;
  private final Supplier<Optional<ClusterView>> caches;
  private final PoolStatusFactory statuses;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  /** Held while a pass computes the pools' usage and publishes it to the metrics. */
  private final Object usagePublication = new Object();
  private final AtomicBoolean passPending = new AtomicBoolean();
  private final ScheduledExecutorService coalescer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "nodeportpool-usage");
    thread.setDaemon(true);
    return thread;
  });
  /**
   * The status last written per pool uid: the cache may not show it yet, and an Event compared with the cache would
   * be recorded twice.
   */
  private final Map<String, NodePortPoolStatus> lastWritten = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile SimpleInboundEventSource<NodePortPool> usageEvents;
  private volatile IndexerResourceCache<NodePortPool> pools;

  public NodePortPoolReconciler(NodePortPlanner planner, Supplier<Optional<ClusterView>> caches,
      PoolStatusFactory statuses, EventRecorder events, OperatorMetrics metrics) {
    this.planner = planner;
    this.caches = caches;
    this.statuses = statuses;
    this.events = events;
    this.metrics = metrics;
  }

  @Override
  public List<EventSource<?, NodePortPool>> prepareEventSources(EventSourceContext<NodePortPool> context) {
    pools = context.getPrimaryCache();
    usageEvents = new SimpleInboundEventSource<>("usage");
    return List.of(usageEvents);
  }

  /**
   * A Service, or a pool, changed: every pool's usage or validity may have (fixing one pool's overlap makes another
   * valid). One pass follows {@link #COALESCE} after the first such change; later changes wait for the next.
   */
  public void usageChanged() {
    if (passPending.compareAndSet(false, true)) {
      coalescer.schedule(this::passOverEveryPool, COALESCE.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void passOverEveryPool() {
    // cleared before the pool list is read: a change from here on schedules the next pass
    passPending.set(false);
    var source = usageEvents;
    var cache = pools;
    if (source == null || cache == null) {
      return;
    }
    List<NodePortPool> all = cache.list().toList();
    log.debug("a pass over {} pools", all.size());
    if (all.isEmpty()) {
      metrics.pools(Map.of()); // no reconcile will clear them
    }
    lastWritten.keySet().retainAll(all.stream().map(p -> p.getMetadata().getUid()).toList());
    all.forEach(pool -> source.propagateEvent(ResourceID.fromResource(pool)));
  }

  @Override
  public UpdateControl<NodePortPool> reconcile(NodePortPool pool, Context<NodePortPool> context) {
    Optional<ClusterView> view = caches.get();
    String name = pool.getMetadata().getName();
    if (view.isEmpty() || !Objects.equals(view.get().pools().get(name), pool.getSpec())) {
      // the caches the plans read have not listed the cluster yet, or do not show this pool as it is yet: the
      // usage would be undercounted, or describe another spec
      log.debug("the ExposedApp controller's caches are behind (synced: {}); looking again in {} ms", view.isPresent(),
          CACHES_BEHIND.toMillis());
      return UpdateControl.<NodePortPool>noUpdate().rescheduleAfter(CACHES_BEHIND);
    }
    ClusterView cluster = view.get();
    Pools all = Pools.of(cluster.pools(), planner.range());
    Map<String, PoolUsage> usage;
    // computed and published in one step, so that concurrent pool reconciles publish in the order they computed
    synchronized (usagePublication) {
      usage = planner.poolUsage(cluster, all);
      metrics.pools(usage);
    }
    NodePortPoolStatus status = statuses.status(pool, all, usage.get(name));
    // compared with the stored status, so that one changed by someone else is restored
    if (status.equals(pool.getStatus())) {
      log.debug("pool status unchanged: used={} free={}", status.used(), status.free());
      return UpdateControl.<NodePortPool>noUpdate().rescheduleAfter(RESYNC);
    }
    NodePortPoolStatus previous = lastWritten.getOrDefault(pool.getMetadata().getUid(), pool.getStatus());
    lastWritten.put(pool.getMetadata().getUid(), status);
    if (PoolStatusFactory.becameExhausted(previous, status)) {
      events.record(pool, EventRecorder.WARNING, EXHAUSTED, "all " + status.size() + " nodePorts of NodePortPool "
          + name + " (" + status.ranges() + ") are held; apps that may draw only from it wait for a free one");
    }
    log.info("pool status: size={} used={} free={} valid={}", status.size(), status.used(), status.free(),
        status.conditions().get(0).getStatus());
    pool.setStatus(status);
    // the status is the operator's alone and applied whole: no resourceVersion precondition (as for ExposedApps)
    pool.getMetadata().setResourceVersion(null);
    return UpdateControl.patchStatus(pool).rescheduleAfter(RESYNC);
  }

  @Override
  public void close() {
    coalescer.shutdownNow();
  }
}
