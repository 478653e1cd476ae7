package io.exposedapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.NodePortPool;
import io.exposedapp.cache.ExposedAppStore;
import io.exposedapp.cache.ManagedFieldsTrimmingStore;
import io.exposedapp.config.OperatorConfig;
import io.exposedapp.gateway.GatewayApiDiscovery;
import io.exposedapp.gateway.ServedGatewayApis;
import io.exposedapp.gateway.l4.L4RouteDiscovery;
import io.exposedapp.gateway.l4.ServedL4Routes;
import io.exposedapp.targetgroupbinding.TargetGroupBindingApi;
import io.exposedapp.ledger.ClusterPorts;
import io.exposedapp.ledger.PortFeedingStore;
import io.exposedapp.metrics.OperatorMetrics;
import io.exposedapp.plan.NodePortPlanner;
import io.exposedapp.reconciler.ExposedAppReconciler;
import io.exposedapp.reconciler.NodePortPoolReconciler;
import io.exposedapp.reconciler.PortLedgerCheck;
import io.exposedapp.runtime.HttpEndpoints;
import io.exposedapp.runtime.Leadership;
import io.exposedapp.runtime.HttpEndpoints.Answer;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.Conditions;
import io.exposedapp.status.EventRecorder;
import io.exposedapp.status.PoolStatusFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.api.config.Cloner;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The operator assembled from its configuration: one JOSDK {@link Operator} with the ExposedApp controller in the
 * production configuration (server-side apply for dependents and status, JOSDK's defaults), leader election when
 * configured, JOSDK's and the operator's metrics, and the health and metrics endpoints. Tests start exactly this.
 */
public final class ExposedAppOperator implements AutoCloseable {

  /** The User-Agent of the operator's API requests, so that they can be told apart (audit logs, tests). */
  public static final String USER_AGENT = "exposedapp-operator";

  private static final Logger log = LoggerFactory.getLogger(ExposedAppOperator.class);

  /**
   * Reconciles at once, and threads of the workflows they run (JOSDK's default is 50 of each). Plans are serialized
   * and a reconcile mostly waits for the API server: on a busy kube-apiserver, 10 of each kept the operator behind
   * the users' writes of 10,000 apps; each thread costs about 120 KiB of stack (docs/BENCHMARKS.md).
   */
  static final int RECONCILE_THREADS = 20;
  /** How long a stop waits to release the Lease before leaving it to expire. */
  private static final Duration LEASE_RELEASE_TIMEOUT = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final Optional<Leadership> leadership;
  private final Operator operator;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpEndpoints endpoints;
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final NodePortPoolReconciler poolStatus;
  private final PortLedgerCheck ledgerCheck;
  private final List<EventSource<?, ExposedApp>> secondaryInformers;
  private volatile boolean started;
  private volatile boolean stopping;

  public ExposedAppOperator(KubernetesClient client, OperatorConfig config, Clock clock) {
    this.client = client;
    this.leadership = config.leaderElection().map(le -> new Leadership(client, le));
    this.operator = new Operator(o -> {
      // the operator owns its client (see newClient) and closes it in close(), after releasing the Lease
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withResourceCloner(new Cloner() {
            @Override
            public <R extends HasMetadata> R clone(R object) {
              R copy = client.getKubernetesSerialization().clone(object);
              if (object instanceof ExposedApp original && copy instanceof ExposedApp cloned) {
                cloned.keepSpecReadErrorOf(original);
              }
              return copy;
            }
          })
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
          .withConcurrentReconciliationThreads(RECONCILE_THREADS)
          .withConcurrentWorkflowExecutorThreads(RECONCILE_THREADS)
          // JOSDK's default handler exits the process when an informer stops for good (e.g. a resource the API
          // server accepts but Java cannot read); report it and stay up, unready, instead of crash-looping
          .withInformerStoppedHandler((informer, error) -> {
            if (!stopping && error != null) {
              log.error("informer for {} stopped; the operator is not ready until restarted: {}",
                  informer.getApiTypeClass().getSimpleName(), error.toString());
            }
          });
      config.leaderElection().ifPresent(le -> o.withLeaderElectionConfiguration(
          LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(le.leaseName())
              .withLeaseNamespace(le.leaseNamespace())
              .withIdentity(le.identity())
              .withLeaseDuration(le.timings().duration())
              .withRenewDeadline(le.timings().renewDeadline())
              .withRetryPeriod(le.timings().retryPeriod())
              // Leadership exits on a loss itself: JOSDK's exit would deadlock a stop from the shutdown hook
              .withExitOnStopLeading(false)
              .withLeaderCallbacks(leadership.orElseThrow().callbacks())
              .build()));
    });
    NodePortPlanner planner = new NodePortPlanner(config.nodePortRange(), clock, config.ingress().scheme());
    OperatorMetrics metrics = new OperatorMetrics(registry, config.nodePortRange(), planner::usedInRange,
        planner::keptOutsideRange, () -> planner.waitingApps().size(),
        () -> started && leadership.map(Leadership::isLeading).orElse(true) ? 1 : 0);
    // the JVM's own: heap and non-heap by pool, GC pauses, threads, CPU (jvm_*, process_cpu_*, system_cpu_*)
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    EventRecorder events = new EventRecorder(client, clock);
    // an operator upgraded before its CRDs (kubectl apply -f crds/) would fail to watch NodePortPools and never start:
    // it runs without pools instead, as before them, and says so
    boolean poolsServed = client.supports(NodePortPool.class);
    if (!poolsServed) {
      log.warn("the NodePortPool CRD {} is not installed: running without NodePortPools, every app draws from {}; "
          + "apply crds/ and restart the operator to use pools", NodePortPool.CRD_NAME, config.nodePortRange());
    }
    // the pool controller reads the ExposedApp controller's caches, and hears from it when Services or pools change
    AtomicReference<NodePortPoolReconciler> pools = new AtomicReference<>();
    // the ports in use, fed by the stores of the apps (below) and of the Services (in the reconciler)
    ClusterPorts ports = new ClusterPorts();
    // the Gateway API's and LBC's CRDs may be missing: apps without a gateway section are served all the same
    GatewayApiDiscovery gatewayApis = new GatewayApiDiscovery(() -> ServedGatewayApis.discover(client), clock);
    ExposedAppReconciler reconciler = new ExposedAppReconciler(planner, ports, config.ingress(), config.gatewayClass(),
        gatewayApis, config.nlbGatewayClass(), new L4RouteDiscovery(() -> ServedL4Routes.discover(client), clock),
        new TargetGroupBindingApi(() -> TargetGroupBindingApi.discover(client), clock),
        new Conditions(clock), events, metrics, poolsServed,
        () -> Optional.ofNullable(pools.get()).ifPresent(NodePortPoolReconciler::usageChanged));
    pools.set(new NodePortPoolReconciler(planner, reconciler::syncedCaches,
        new PoolStatusFactory(new Conditions(clock)), events, metrics));
    this.poolStatus = pools.get();
    metrics.lbcPending(ConditionTypes.NLB_WAYS_IN, reconciler::waitingForLbc);
    this.ledgerCheck = new PortLedgerCheck(reconciler::repairPorts, metrics);
    operator.register(reconciler, c -> {
      // apps cached as far as they are read (ExposedAppStore); the ports each status records are passed to the ledger
      // of ports in use as the cache changes
      c.withItemStore(PortFeedingStore.apps(new ExposedAppStore(reconciler::lastDecidedStatus), ports,
          app -> {
            planner.forget(ResourceID.fromResource(app));
            reconciler.forget(ResourceID.fromResource(app));
          }, reconciler::appPortsChanged));
      // not JOSDK's generation filter alone: a status someone else changed or removed must be restored too
      c.withGenerationAware(false).withOnUpdateFilter(reconciler::isReconcileNeeded);
      // listed in pages, like the Services: one list of 10,000 apps is some 60 MB of JSON held at once at start
      c.withInformerListLimit(ExposedAppReconciler.LIST_PAGE);
      if (!config.watchesAllNamespaces()) {
        c.settingNamespaces(config.watchedNamespaces());
      }
    });
    this.secondaryInformers = reconciler.secondaryInformers();
    if (poolsServed) {
      // cluster-scoped, whatever namespaces the operator watches
      // not generation-aware: a status someone else changed is restored at once (the operator's own writes come back
      // equal and are not written again)
      operator.register(pools.get(), c -> c.withItemStore(new ManagedFieldsTrimmingStore<>(Set.of()))
          .withGenerationAware(false));
    }
    this.endpoints = new HttpEndpoints()
        .add(config.healthPort(), "/livez", () -> new Answer(200, "text/plain", "ok\n"))
        .add(config.healthPort(), "/readyz", this::readiness)
        .add(config.metricsPort(), "/metrics", () -> new Answer(200,
            "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
  }

  /** A client for the operator: the given configuration with the operator's User-Agent. */
  public static KubernetesClient newClient(Config config) {
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(config).withUserAgent(USER_AGENT).build())
        .build();
  }

  /** Ready once the informers have synced and while they are healthy (a non-leader replica is ready too). */
  private Answer readiness() {
    boolean ready = started && operator.getRuntimeInfo().allEventSourcesAreHealthy();
    return ready ? new Answer(200, "text/plain", "ready\n") : new Answer(503, "text/plain", "not ready\n");
  }

  /** Starts the health endpoints, then the informers (returning once they have synced), then marks ready. */
  public ExposedAppOperator start() {
    try {
      endpoints.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the health or metrics port", e);
    }
    startSecondaryInformersAlongside();
    operator.start();
    ledgerCheck.start();
    started = true;
    return this;
  }

  /**
   * Starts the controller's other informers now, beside its own. JOSDK starts a controller's own informer first and
   * the other event sources once that one has synced, so the lists would run one after the other; the Services (every
   * one in the cluster, as many as the apps) alone took some 2 s of a restart at 10,000 apps (docs/BENCHMARKS.md).
   * JOSDK's own start of each later waits for this one (both are synchronized on the event source) and finds it
   * running; should this one fail, JOSDK's start tries again and reports the failure as it would have.
   */
  private void startSecondaryInformersAlongside() {
    for (EventSource<?, ExposedApp> informer : secondaryInformers) {
      Thread thread = new Thread(() -> {
        try {
          informer.start();
        } catch (RuntimeException e) {
          log.debug("informer {} did not start ahead of the apps' own: {}", informer.name(), e.toString());
        }
      }, "informer-start-" + informer.name());
      thread.setDaemon(true);
      thread.start();
    }
  }

  /**
   * Stops gracefully: in-flight reconciles finish, the informers stop, a leader releases its Lease (the standby leads
   * at once), then the client and the endpoints close.
   */
  @Override
  public synchronized void close() {
    if (stopping) {
      return;
    }
    started = false;
    stopping = true;
    leadership.ifPresent(Leadership::stopping);
    operator.stop();
    leadership.ifPresent(l -> l.release(LEASE_RELEASE_TIMEOUT));
    poolStatus.close();
    ledgerCheck.close();
    client.close();
    endpoints.close();
    gcMetrics.close();
  }
}
