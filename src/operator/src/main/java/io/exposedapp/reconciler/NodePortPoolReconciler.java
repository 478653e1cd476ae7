package io.exposedapp.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;

/**
 * Writes each NodePortPool's status (validity, size, used, free, namespaces drawing) and the per-pool metrics, and
 * records an Event when a pool runs out. It reads the ExposedApp controller's caches rather than watching Services
 * itself, so the cluster's Services are cached once; their changes reach it through {@link #usageChanged()}, at most
 * once per {@link #MIN_INTERVAL} per pool, and a resync every {@link #RESYNC} catches anything else.
 */
@ControllerConfiguration(name = NodePortPoolReconciler.NAME)
public class NodePortPoolReconciler implements Reconciler<NodePortPool> {

  /** The controller's name, also the field manager of the pools' status. */
  public static final String NAME = "nodeportpool";
  /** The usage of a pool is computed at most this often while ports change (each pass reads every Service). */
  static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
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
  private final Clock clock;
  private final Map<String, Instant> lastComputed = new ConcurrentHashMap<>();
  private volatile SimpleInboundEventSource<NodePortPool> usageEvents;
  private volatile IndexerResourceCache<NodePortPool> pools;

  public NodePortPoolReconciler(NodePortPlanner planner, Supplier<Optional<ClusterView>> caches,
      PoolStatusFactory statuses, EventRecorder events, OperatorMetrics metrics, Clock clock) {
    this.planner = planner;
    this.caches = caches;
    this.statuses = statuses;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, NodePortPool>> prepareEventSources(EventSourceContext<NodePortPool> context) {
    pools = context.getPrimaryCache();
    usageEvents = new SimpleInboundEventSource<>("usage");
    return List.of(usageEvents);
  }

  /**
   * A Service, or a pool, changed: every pool's usage or validity may have (fixing one pool's overlap makes another
   * valid). With no pool left, the per-pool metrics are cleared here, since no reconcile will.
   */
  public void usageChanged() {
    var source = usageEvents;
    var cache = pools;
    if (source == null || cache == null) {
      return;
    }
    List<NodePortPool> all = cache.list().toList();
    if (all.isEmpty()) {
      metrics.pools(Map.of());
      lastComputed.clear();
    }
    all.forEach(pool -> source.propagateEvent(ResourceID.fromResource(pool)));
  }

  @Override
  public UpdateControl<NodePortPool> reconcile(NodePortPool pool, Context<NodePortPool> context) {
    Optional<ClusterView> view = caches.get();
    if (view.isEmpty()) {
      // the ExposedApp controller's informers have not listed the cluster yet: its usage would be undercounted
      return UpdateControl.<NodePortPool>noUpdate().rescheduleAfter(MIN_INTERVAL);
    }
    String name = pool.getMetadata().getName();
    boolean specChanged = pool.getStatus() == null
        || !java.util.Objects.equals(pool.getStatus().observedGeneration(), pool.getMetadata().getGeneration());
    Instant now = clock.instant();
    Instant last = lastComputed.get(name);
    if (!specChanged && last != null && last.plus(MIN_INTERVAL).isAfter(now)) {
      return UpdateControl.<NodePortPool>noUpdate().rescheduleAfter(Duration.between(now, last.plus(MIN_INTERVAL)));
    }
    ClusterView cluster = view.get();
    if (!java.util.Objects.equals(cluster.pools().get(name), pool.getSpec())) {
      // the caches the plans read do not show this pool as it is yet: its status would describe another spec
      return UpdateControl.<NodePortPool>noUpdate().rescheduleAfter(CACHES_BEHIND);
    }
    lastComputed.keySet().retainAll(cluster.pools().keySet());
    lastComputed.put(name, now);
    Pools all = Pools.of(cluster.pools(), planner.range());
    Map<String, PoolUsage> usage = planner.poolUsage(cluster);
    metrics.pools(usage);
    NodePortPoolStatus status = statuses.status(pool, all, usage.get(name));
    if (status.equals(pool.getStatus())) {
      return UpdateControl.<NodePortPool>noUpdate().rescheduleAfter(RESYNC);
    }
    if (PoolStatusFactory.becameExhausted(pool.getStatus(), status)) {
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
}
