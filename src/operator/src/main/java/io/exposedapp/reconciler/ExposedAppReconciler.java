package io.exposedapp.reconciler;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppStatus;
import io.exposedapp.api.NodePortPool;
import io.exposedapp.service.ServiceDependent;
import io.exposedapp.ingress.IngressDependent;
import io.exposedapp.ingress.IngressWanted;
import io.exposedapp.gateway.GatewayApiServed;
import io.exposedapp.gateway.GatewayDependent;
import io.exposedapp.gateway.GatewayObjectDependent;
import io.exposedapp.gateway.GatewayWanted;
import io.exposedapp.gateway.HttpRouteDependent;
import io.exposedapp.gateway.LoadBalancerConfigurationDependent;
import io.exposedapp.gateway.TargetGroupConfigurationDependent;
import io.exposedapp.gateway.GatewayApiDiscovery;
import io.exposedapp.gateway.GatewayObservation;
import io.exposedapp.gateway.GatewayPlan;
import io.exposedapp.gateway.GatewayWrites;
import io.exposedapp.gateway.ServedGatewayApis;
import io.exposedapp.gateway.l4.L4RouteDependent;
import io.exposedapp.gateway.l4.L4RouteDiscovery;
import io.exposedapp.gateway.l4.L4RouteServed;
import io.exposedapp.gateway.l4.NlbGatewayDependent;
import io.exposedapp.gateway.l4.NlbGatewayObservation;
import io.exposedapp.gateway.l4.NlbGatewayPlan;
import io.exposedapp.gateway.l4.NlbGatewayReadiness;
import io.exposedapp.gateway.l4.NlbGatewayWanted;
import io.exposedapp.gateway.l4.NlbLoadBalancerConfigurationDependent;
import io.exposedapp.gateway.l4.ServedL4Routes;
import io.exposedapp.lbc.TargetGroupBinding;
import io.exposedapp.gateway.GatewayReadiness;
import io.exposedapp.ingress.IngressReadiness;
import io.exposedapp.nlb.LoadBalancerReadiness;
import io.exposedapp.targetgroupbinding.DesiredTargetGroupBinding;
import io.exposedapp.targetgroupbinding.TargetGroupBindingApi;
import io.exposedapp.targetgroupbinding.TargetGroupBindingDependent;
import io.exposedapp.targetgroupbinding.TargetGroupBindingReadiness;
import io.exposedapp.targetgroupbinding.TargetGroupBindingsServed;
import io.exposedapp.targetgroupbinding.TargetGroupBindingsWanted;
import io.fabric8.kubernetes.api.model.Event;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.exposedapp.plan.Ownership;
import io.exposedapp.api.GatewayParentRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.exposedapp.cache.ManagedFieldsTrimmingStore;
import io.exposedapp.cache.ServiceStore;
import io.exposedapp.ledger.ClusterPorts;
import io.exposedapp.ledger.PortFeedingStore;
import io.exposedapp.config.IngressDefaults;
import io.exposedapp.metrics.OperatorMetrics;
import io.exposedapp.plan.ClusterView;
import io.exposedapp.plan.ExposurePlan;
import io.exposedapp.plan.NodePortPlanner;
import io.exposedapp.pool.Pools;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.Conditions;
import io.exposedapp.status.EventRecorder;
import io.exposedapp.status.StatusFactory;
import io.exposedapp.status.StatusFactory.WriteOutcome;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;

/**
 * Reconciles one ExposedApp: plan the nodePorts once (serialized with every other reconcile), run the workflow that
 * applies the Service, then write the status only if it changed.
 */
@ControllerConfiguration(name = ExposedAppReconciler.NAME)
@GradualRetry(maxAttempts = 1_000, initialInterval = 1_000, intervalMultiplier = 2, maxInterval = 300_000)
@Workflow(explicitInvocation = true, handleExceptionsInReconciler = true, dependents = {
    @Dependent(name = "service", type = ServiceDependent.class, useEventSourceWithName = ExposedAppReconciler.SERVICES),
    @Dependent(name = "ingress", type = IngressDependent.class, dependsOn = "service",
        reconcilePrecondition = IngressWanted.class, useEventSourceWithName = ExposedAppReconciler.INGRESSES),
    // Gateway API: each informer starts with the first reconcile that finds its kind served (activation condition)
    @Dependent(name = "httproute", type = HttpRouteDependent.class, dependsOn = "service",
        activationCondition = GatewayApiServed.class, reconcilePrecondition = GatewayWanted.class),
    @Dependent(name = "gateway", type = GatewayDependent.class, dependsOn = "service",
        activationCondition = GatewayApiServed.class, reconcilePrecondition = GatewayWanted.Own.class),
    @Dependent(name = "targetgroupconfiguration-v1", type = TargetGroupConfigurationDependent.V1.class,
        dependsOn = "service", activationCondition = GatewayApiServed.LbcV1.class,
        reconcilePrecondition = GatewayWanted.TargetGroups.class),
    @Dependent(name = "targetgroupconfiguration-v1beta1", type = TargetGroupConfigurationDependent.V1beta1.class,
        dependsOn = "service", activationCondition = GatewayApiServed.LbcV1beta1.class,
        reconcilePrecondition = GatewayWanted.TargetGroups.class),
    @Dependent(name = "loadbalancerconfiguration-v1", type = LoadBalancerConfigurationDependent.V1.class,
        dependsOn = "service", activationCondition = GatewayApiServed.LbcV1.class,
        reconcilePrecondition = GatewayWanted.Own.class),
    @Dependent(name = "loadbalancerconfiguration-v1beta1", type = LoadBalancerConfigurationDependent.V1beta1.class,
        dependsOn = "service", activationCondition = GatewayApiServed.LbcV1beta1.class,
        reconcilePrecondition = GatewayWanted.Own.class),
    // Gateway API's layer-4 routes (experimental channel) on NLB Gateways: each kind in each version it may be served
    // in, only the newest served activated; the app's own NLB Gateway and its LoadBalancerConfiguration
    @Dependent(name = "tcproutes-v1", type = L4RouteDependent.TcpV1.class, dependsOn = "service",
        activationCondition = L4RouteServed.TcpV1.class, reconcilePrecondition = NlbGatewayWanted.class),
    @Dependent(name = "tcproutes-v1alpha2", type = L4RouteDependent.TcpV1alpha2.class, dependsOn = "service",
        activationCondition = L4RouteServed.TcpV1alpha2.class, reconcilePrecondition = NlbGatewayWanted.class),
    @Dependent(name = "udproutes-v1", type = L4RouteDependent.UdpV1.class, dependsOn = "service",
        activationCondition = L4RouteServed.UdpV1.class, reconcilePrecondition = NlbGatewayWanted.class),
    @Dependent(name = "udproutes-v1alpha2", type = L4RouteDependent.UdpV1alpha2.class, dependsOn = "service",
        activationCondition = L4RouteServed.UdpV1alpha2.class, reconcilePrecondition = NlbGatewayWanted.class),
    @Dependent(name = "tlsroutes-v1", type = L4RouteDependent.TlsV1.class, dependsOn = "service",
        activationCondition = L4RouteServed.TlsV1.class, reconcilePrecondition = NlbGatewayWanted.class),
    @Dependent(name = "tlsroutes-v1alpha2", type = L4RouteDependent.TlsV1alpha2.class, dependsOn = "service",
        activationCondition = L4RouteServed.TlsV1alpha2.class, reconcilePrecondition = NlbGatewayWanted.class),
    @Dependent(name = "nlb-gateway", type = NlbGatewayDependent.class, dependsOn = "service",
        activationCondition = GatewayApiServed.class, reconcilePrecondition = NlbGatewayWanted.Own.class),
    @Dependent(name = "nlb-loadbalancerconfiguration-v1", type = NlbLoadBalancerConfigurationDependent.V1.class,
        dependsOn = "service", activationCondition = GatewayApiServed.LbcV1.class,
        reconcilePrecondition = NlbGatewayWanted.Own.class),
    @Dependent(name = "nlb-loadbalancerconfiguration-v1beta1",
        type = NlbLoadBalancerConfigurationDependent.V1beta1.class, dependsOn = "service",
        activationCondition = GatewayApiServed.LbcV1beta1.class, reconcilePrecondition = NlbGatewayWanted.Own.class),
    // LBC's TargetGroupBinding CRD may be missing: its informer starts with the first reconcile that finds it served
    @Dependent(name = "targetgroupbindings", type = TargetGroupBindingDependent.class, dependsOn = "service",
        activationCondition = TargetGroupBindingsServed.class,
        reconcilePrecondition = TargetGroupBindingsWanted.class)})
public class ExposedAppReconciler implements Reconciler<ExposedApp> {

  /** The controller's name, also the server-side-apply field manager of everything it writes. */
  public static final String NAME = "exposedapp";
  /** The event source of every Service in the cluster: the ledger's view and the dependent's cache. */
  static final String SERVICES = "services";
  /** Objects per page of the Services and ExposedApps informers' lists (at start, and after a lost watch). */
  public static final long LIST_PAGE = 500;
  /** The event source of the Ingresses in the watched namespaces, each the concern of the app of its name. */
  static final String INGRESSES = "ingresses";
  /** The event source of the AWS Load Balancer Controller's Events on TargetGroupBindings (its warnings). */
  static final String BINDING_EVENTS = "targetgroupbinding-events";
  /** The event source of the NodePortPools (cluster-scoped). */
  static final String POOLS = "nodeportpools";
  /** The event source of the namespaces' labels, which pools select by. */
  static final String NAMESPACES = "namespaces";
  /** The event source of other ExposedApps releasing ports, which wakes apps waiting for one. */
  static final String PEERS = "peers";
  /** A safety net for waiting apps, should a freeing event be missed: far from a hot loop. */
  static final Duration WAITING_RECHECK = Duration.ofMinutes(1);
  /** Reasons that mean "waiting for something else", not worth a Warning Event. */
  private static final Set<String> WAITING = Set.of(ConditionTypes.Reasons.SERVICE_PENDING,
      ConditionTypes.Reasons.INGRESS_PENDING, ConditionTypes.Reasons.ADDRESS_PENDING, Pools.NAMESPACE_PENDING,
      ConditionTypes.Reasons.GATEWAY_PENDING, ConditionTypes.Reasons.GATEWAY_NOT_PROGRAMMED,
      ConditionTypes.Reasons.ROUTE_PENDING, ConditionTypes.Reasons.LOAD_BALANCER_PENDING,
      ConditionTypes.Reasons.BINDING_PENDING);
  /** The Event reason that says an app keeps nodePorts outside a changed range. */
  public static final String NODE_PORTS_KEPT_OUTSIDE_RANGE = "NodePortsKeptOutsideRange";
  /** The Event reason that says an app took over an existing Service or Ingress ({@code spec.adopt}). */
  public static final String ADOPTED = "Adopted";
  /** How often one reconcile re-plans after the API server refused a nodePort ("already allocated"). */
  static final int MAX_PLAN_ATTEMPTS = 3;

  private static final Logger log = LoggerFactory.getLogger(ExposedAppReconciler.class);

  private final NodePortPlanner planner;
  private final IngressDefaults ingressDefaults;
  private final String defaultGatewayClass;
  private final GatewayApiDiscovery gatewayApis;
  private final L4RouteDiscovery l4Routes;
  private final String defaultNlbGatewayClass;
  private final TargetGroupBindingApi bindingApi;
  /** The bindings each app wants (namespace/name), to route the controller's Events on a binding to its app. */
  private final Map<ResourceID, Set<String>> bindingsOf = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile InformerEventSource<Event, ExposedApp> bindingEvents;
  /** Per app, the conditions of its last status that wait for the AWS Load Balancer Controller (for the metrics). */
  private final Map<ResourceID, Set<String>> waitingForLbc = new java.util.concurrent.ConcurrentHashMap<>();
  /** The reasons of a way in's condition that mean the AWS Load Balancer Controller has not done its part. */
  private static final Set<String> LBC_PENDING = Set.of(ConditionTypes.Reasons.ADDRESS_PENDING,
      ConditionTypes.Reasons.BINDING_PENDING, ConditionTypes.Reasons.BINDING_FAILED);
  private final StatusFactory statuses;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final AppMemory memory = new AppMemory();
  private volatile InformerClusterView caches;
  private volatile List<EventSource<?, ExposedApp>> informers = List.of();
  private volatile IndexedResourceCache<ExposedApp> primaryCache;
  /** Wakes the apps waiting for a port when another app's ports change (fed by the app store). */
  private final PortsReleased portsReleased = new PortsReleased();
  /** The ports in use, fed by the Services' store here and the apps' store (see ExposedAppOperator). */
  private final ClusterPorts ports;
  /** Whether the NodePortPool CRD is installed; without it there are no pools to watch. */
  private final boolean poolsServed;
  /** Tells the NodePortPool controller that a Service or a pool changed (it reads these caches, see there). */
  private final Runnable poolInputsChanged;

  public ExposedAppReconciler(NodePortPlanner planner, ClusterPorts ports, IngressDefaults ingressDefaults,
      String defaultGatewayClass, GatewayApiDiscovery gatewayApis, String defaultNlbGatewayClass,
      L4RouteDiscovery l4Routes, TargetGroupBindingApi bindingApi,
      Conditions conditions, EventRecorder events, OperatorMetrics metrics, boolean poolsServed,
      Runnable poolInputsChanged) {
    this.bindingApi = bindingApi;
    this.defaultGatewayClass = defaultGatewayClass;
    this.gatewayApis = gatewayApis;
    this.l4Routes = l4Routes;
    this.defaultNlbGatewayClass = defaultNlbGatewayClass;
    this.planner = planner;
    this.ports = ports;
    this.poolsServed = poolsServed;
    this.poolInputsChanged = poolInputsChanged;
    this.ingressDefaults = ingressDefaults;
    this.statuses = new StatusFactory(conditions);
    this.events = events;
    this.metrics = metrics;
  }

  @Override
  public List<EventSource<?, ExposedApp>> prepareEventSources(EventSourceContext<ExposedApp> context) {
    var config = InformerEventSourceConfiguration.from(Service.class, ExposedApp.class)
        .withName(SERVICES)
        // all namespaces whatever the operator watches: a nodePort is cluster-wide
        .withWatchAllNamespaces()
        .withSecondaryToPrimaryMapper(this::appsToReconcile)
        .withPrimaryToSecondaryMapper((ExposedApp app) -> Set.of(new ResourceID(serviceName(app),
            app.getMetadata().getNamespace())))
        // every Service of the cluster is cached, another's only as far as allocation reads it, and its nodePorts
        // are passed to the ledger of ports in use as the cache changes
        .withItemStore(PortFeedingStore.services(new ServiceStore(NAME), ports))
        // listed in pages: one list of 10,000 Services made the heap grow by some 200 MiB at start, for good
        .withInformerListLimit(LIST_PAGE)
        .build();
    // An app's Ingress has the app's name, whoever owns it: found by name, so that an orphaned or adopted one is
    // updated in place (found by owner reference, it would be "created" and refused as existing)
    var ingresses = InformerEventSourceConfiguration.from(Ingress.class, ExposedApp.class)
        .withName(INGRESSES)
        .withNamespacesInheritedFromController()
        .withSecondaryToPrimaryMapper(ingress -> Set.of(ResourceID.fromResource(ingress)))
        .withPrimaryToSecondaryMapper((ExposedApp app) -> Set.of(ResourceID.fromResource(app)))
        .withItemStore(new ManagedFieldsTrimmingStore<>(Set.of(NAME)))
        .build();
    // NodePortPools: any change may change where any app draws from, or whether its ports now lie outside its pools
    var pools = InformerEventSourceConfiguration.from(NodePortPool.class, ExposedApp.class)
        .withName(POOLS)
        .withWatchAllNamespaces()
        // not the pools' status (written as apps draw ports): that would re-plan every app at each allocation
        .withOnUpdateFilter((newPool, oldPool) -> !Objects.equals(newPool.getSpec(), oldPool.getSpec()))
        .withSecondaryToPrimaryMapper(pool -> {
          poolInputsChanged.run();
          return context.getPrimaryCache().list().map(ResourceID::fromResource).collect(Collectors.toSet());
        })
        .build();
    // Namespaces, for the labels pools select by: a new namespace, or a change of labels, concerns its apps (an app
    // created with its namespace may be seen first, and waits for the namespace's labels)
    var namespaces = InformerEventSourceConfiguration.from(Namespace.class, ExposedApp.class)
        .withName(NAMESPACES)
        .withWatchAllNamespaces()
        .withOnDeleteFilter((namespace, unknownState) -> false)
        .withOnUpdateFilter((newNamespace, oldNamespace) -> !Objects.equals(newNamespace.getMetadata().getLabels(),
            oldNamespace.getMetadata().getLabels()))
        .withSecondaryToPrimaryMapper(namespace -> context.getPrimaryCache()
            .list(namespace.getMetadata().getName()).map(ResourceID::fromResource).collect(Collectors.toSet()))
        .withItemStore(new ReducedStateItemStore<>(ReducedStateItemStore.NAME_KEY_STATE, Namespace.class,
            context.getClient().getKubernetesSerialization(), "metadata.labels"))
        .build();
    // the AWS Load Balancer Controller reports a binding's failures only as Events: a warning concerns the app
    var bindingEventConfig = InformerEventSourceConfiguration.from(Event.class, ExposedApp.class)
        .withName(BINDING_EVENTS)
        .withNamespacesInheritedFromController()
        .withFieldSelector(new FieldSelector(List.of(new FieldSelector.Field("involvedObject.kind",
            TargetGroupBinding.class.getSimpleName()))))
        .withSecondaryToPrimaryMapper(this::appsOfBinding)
        .withPrimaryToSecondaryMapper((ExposedApp app) -> Set.of())
        .build();
    bindingEvents = new InformerEventSource<>(bindingEventConfig, context);
    var serviceSource = new InformerEventSource<>(config, context);
    var ingressSource = new InformerEventSource<>(ingresses, context);
    var namespaceSource = new InformerEventSource<>(namespaces, context);
    List<EventSource<?, ExposedApp>> sources = new java.util.ArrayList<>(List.of(serviceSource,
        portsReleased, ingressSource, namespaceSource, bindingEvents));
    InformerEventSource<NodePortPool, ExposedApp> poolSource = null;
    if (poolsServed) {
      poolSource = new InformerEventSource<>(pools, context);
      sources.add(poolSource);
    }
    primaryCache = context.getPrimaryCache();
    informers = sources.stream().filter(ManagedInformerEventSource.class::isInstance).toList();
    caches = new InformerClusterView(ports, context.getPrimaryCache(), serviceSource, ingressSource,
        Optional.ofNullable(poolSource), namespaceSource);
    return sources;
  }

  /**
   * An app's recorded ports changed, or an app with ports is gone (the ExposedApp store tells, see
   * ExposedAppOperator): the apps waiting for a port try again.
   */
  public void appPortsChanged() {
    portsReleased.wake(planner.waitingApps());
  }

  /** The status this operator last decided for the app, if it remembers one (the app store shares it). */
  public Optional<ExposedAppStatus> lastDecidedStatus(ExposedApp app) {
    return memory.lastStatus(app);
  }

  /**
   * A Service event concerns its owner, the app that wants a Service of that name (also when someone removed the
   * owner reference), and every app waiting for a port (this Service may have freed one). The pools' usage may have
   * changed too.
   */
  private Set<ResourceID> appsToReconcile(Service service) {
    poolInputsChanged.run();
    Set<ResourceID> apps = new HashSet<>(planner.waitingApps());
    planner.appWanting(service.getMetadata().getNamespace(), service.getMetadata().getName()).ifPresent(apps::add);
    for (OwnerReference ref : service.getMetadata().getOwnerReferences()) {
      if (Boolean.TRUE.equals(ref.getController()) && ExposedApp.class.getSimpleName().equals(ref.getKind())) {
        apps.add(new ResourceID(ref.getName(), service.getMetadata().getNamespace()));
      }
    }
    return apps;
  }

  /**
   * The informers of this controller but its own (the Services, Ingresses, Namespaces, NodePortPools and the LBC's
   * Events), once JOSDK has asked for the event sources (when the reconciler is registered); none before.
   */
  public List<EventSource<?, ExposedApp>> secondaryInformers() {
    return informers;
  }

  /** The caches as the planner reads them, once the event sources are prepared and synced. */
  public Optional<ClusterView> syncedCaches() {
    InformerClusterView view = caches;
    return view != null && view.synced() ? Optional.of(view) : Optional.empty();
  }

  /**
   * Compares the ledger of ports in use with the caches and repairs it on a difference; empty before the caches have
   * synced (or on a replica that does not lead).
   */
  public Optional<ClusterPorts.Drift> repairPorts() {
    InformerClusterView view = caches;
    return view != null && view.synced() ? Optional.of(view.repairPorts()) : Optional.empty();
  }

  /**
   * Which updates of an ExposedApp are reconciled: a new generation (spec), deletion, and a status that is not the
   * one the operator last decided, because someone else changed or removed it (Kubernetes' own controllers rewrite
   * their status too). The operator's own status writes are not, so an idle operator stays idle.
   */
  public boolean isReconcileNeeded(ExposedApp newApp, ExposedApp oldApp) {
    Long newGeneration = newApp.getMetadata().getGeneration();
    Long oldGeneration = oldApp.getMetadata().getGeneration();
    return !Objects.equals(newGeneration, oldGeneration)
        || newApp.isMarkedForDeletion() && !oldApp.isMarkedForDeletion()
        || memory.statusChangedByOthers(newApp);
  }

  @Override
  public UpdateControl<ExposedApp> reconcile(ExposedApp app, Context<ExposedApp> context) {
    ClusterView cluster = caches;
    // the ports this operator recorded last, also when someone else has since changed or removed the stored status
    ExposedAppStatus recorded = memory.lastStatus(app).orElse(app.getStatus());
    ExposurePlan plan = planner.plan(app, recorded, cluster);
    boolean anyGateway = app.getSpec() != null && (app.getSpec().wantsGateway() || app.getSpec().wantsNlbGateway());
    ServedGatewayApis servedGatewayApis = anyGateway ? gatewayApis.forGatewayApp() : gatewayApis.current();
    GatewayPlan gatewayPlan = GatewayPlan.of(app, servedGatewayApis, ingressDefaults, defaultGatewayClass);
    NlbGatewayPlan nlbPlan = NlbGatewayPlan.of(app, servedGatewayApis, app.getSpec() != null
        && app.getSpec().wantsNlbGateway() ? l4Routes.forWaitingApp() : l4Routes.current(), ingressDefaults.scheme(),
        defaultNlbGatewayClass);
    boolean bindingsServed = wantsBindings(app) ? bindingApi.forWaitingApp() : bindingApi.current();
    rememberBindings(app);
    GatewayWrites writes = new GatewayWrites();
    GatewayWrites nlbWrites = new GatewayWrites();
    var taken = new TargetGroupBindingDependent.Taken();
    Optional<FailedWrite> failure = apply(plan, gatewayPlan, writes, nlbPlan, nlbWrites, bindingsServed, taken,
        context);
    for (int attempt = 1; refusedNodePort(failure).isPresent(); attempt++) {
      // someone the informer has not shown us yet holds the port: count it as held and plan again
      int refused = refusedNodePort(failure).getAsInt();
      planner.refusedByServer(refused);
      plan = planner.plan(app, recorded, cluster);
      if (attempt == MAX_PLAN_ATTEMPTS) {
        // the status must not record ports the API server says others hold: it shows this plan, the retry writes it
        break;
      }
      log.info("API server refused nodePort {} as already allocated; re-planning (attempt {})", refused, attempt);
      writes = new GatewayWrites();
      nlbWrites = new GatewayWrites();
      taken = new TargetGroupBindingDependent.Taken();
      failure = apply(plan, gatewayPlan, writes, nlbPlan, nlbWrites, bindingsServed, taken, context);
    }
    if (failure.isPresent()) {
      WriteOutcome outcome = failure.get().outcome();
      throw new WriteFailedException(plan, outcome, waysIn(app, plan, outcome, observe(app, gatewayPlan, writes,
          context), NlbGatewayObservation.observe(app, nlbPlan, nlbWrites, context), bindingsServed, taken, context),
          failure.get().cause());
    }
    WriteOutcome outcome = plan.serviceWritable() ? new WriteOutcome.Applied() : new WriteOutcome.NotWritten();
    announceAdoptions(app, plan);
    GatewayObservation gateway = observe(app, gatewayPlan, writes, context);
    NlbGatewayObservation nlbGateway = NlbGatewayObservation.observe(app, nlbPlan, nlbWrites, context);
    return report(app, plan, outcome, gateway, nlbGateway, waysIn(app, plan, outcome, gateway, nlbGateway,
        bindingsServed, taken, context));
  }

  private static boolean wantsBindings(ExposedApp app) {
    return app.getSpec() != null && !app.getSpec().bindings().isEmpty();
  }

  /** Which app wants which binding, for the controller's Events on it (they do not name the app). */
  private void rememberBindings(ExposedApp app) {
    ResourceID id = ResourceID.fromResource(app);
    if (wantsBindings(app)) {
      bindingsOf.put(id, app.getSpec().bindings().stream().filter(Objects::nonNull)
          .map(b -> app.getMetadata().getNamespace() + "/" + DesiredTargetGroupBinding.name(app, b))
          .collect(Collectors.toUnmodifiableSet()));
    } else {
      bindingsOf.remove(id);
    }
  }

  /** The apps that want the binding an Event is about (Events are rare: a pass over the apps with bindings). */
  private Set<ResourceID> appsOfBinding(Event event) {
    String namespace = Objects.requireNonNullElse(event.getInvolvedObject().getNamespace(),
        event.getMetadata().getNamespace());
    String binding = namespace + "/" + event.getInvolvedObject().getName();
    return bindingsOf.entrySet().stream().filter(e -> e.getValue().contains(binding)).map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  /**
   * The conditions of the ways in the app asks for, each judged by its package from what the informers show now:
   * its Ingress, its Gateway API objects, its Service (an NLB's status), its own bindings and the controller's Events
   * on them.
   */
  private List<StatusFactory.Exposure> waysIn(ExposedApp app, ExposurePlan plan, WriteOutcome outcome,
      GatewayObservation gateway, NlbGatewayObservation nlbGateway, boolean bindingsServed,
      TargetGroupBindingDependent.Taken taken, Context<ExposedApp> context) {
    List<StatusFactory.Exposure> exposures = new java.util.ArrayList<>();
    IngressReadiness.of(app, plan, outcome, ownIngress(plan, context)).ifPresent(exposures::add);
    GatewayReadiness.of(app, plan, outcome, gateway, app.getSpec() != null && app.getSpec().wantsGateway(),
        NlbGatewayReadiness.of(app, plan, outcome, nlbGateway)).ifPresent(exposures::add);
    Optional<Service> service = plan.serviceNameTakenBy().isPresent() ? Optional.empty()
        : context.getSecondaryResource(Service.class);
    LoadBalancerReadiness.of(app, plan, outcome, service).ifPresent(exposures::add);
    if (wantsBindings(app)) {
      Map<String, TargetGroupBinding> own = new java.util.HashMap<>();
      context.eventSourceRetriever().getEventSourcesFor(TargetGroupBinding.class).stream()
          .filter(InformerEventSource.class::isInstance)
          .flatMap(source -> ((InformerEventSource<TargetGroupBinding, ExposedApp>) source)
              .list(app.getMetadata().getNamespace()))
          .filter(b -> Ownership.of(b, app, "TargetGroupBinding") instanceof Ownership.Own)
          .forEach(b -> own.put(b.getMetadata().getName(), b));
      List<Event> events = bindingEvents == null ? List.of()
          : bindingEvents.list(app.getMetadata().getNamespace()).toList();
      TargetGroupBindingReadiness.of(app, plan, outcome, new TargetGroupBindingReadiness.Observation(
          bindingsServed, taken.all(), own, events)).ifPresent(exposures::add);
    }
    return exposures;
  }

  /** A write of the workflow that failed: what it means for the status, and why. */
  private record FailedWrite(WriteOutcome outcome, Exception cause) {
  }

  /**
   * Runs the workflow (Service, then Ingress and the Gateway API objects) on the plans; answers the first write that
   * failed, if any.
   */
  private Optional<FailedWrite> apply(ExposurePlan plan, GatewayPlan gatewayPlan, GatewayWrites writes,
      NlbGatewayPlan nlbPlan, GatewayWrites nlbWrites, boolean bindingsServed, TargetGroupBindingDependent.Taken taken,
      Context<ExposedApp> context) {
    var workflow = context.managedWorkflowAndDependentResourceContext();
    workflow.put(IngressDependent.DEFAULTS_KEY, ingressDefaults);
    workflow.put(ExposurePlan.CONTEXT_KEY, plan);
    workflow.put(GatewayPlan.CONTEXT_KEY, gatewayPlan);
    workflow.put(ServedGatewayApis.CONTEXT_KEY, gatewayPlan.apis());
    workflow.put(GatewayWrites.CONTEXT_KEY, writes);
    workflow.put(NlbGatewayPlan.CONTEXT_KEY, nlbPlan);
    workflow.put(NlbGatewayPlan.WRITES_KEY, nlbWrites);
    workflow.put(ServedL4Routes.CONTEXT_KEY, nlbPlan.routeApis());
    workflow.put(TargetGroupBindingApi.CONTEXT_KEY, bindingsServed);
    workflow.put(TargetGroupBindingDependent.Taken.CONTEXT_KEY, taken);
    WorkflowReconcileResult result;
    try {
      result = workflow.reconcileManagedWorkflow();
    } catch (RuntimeException e) {
      // JOSDK starts an activated dependent's informer in the reconciling thread and lets its failure (e.g. a
      // permission missing for a newly served kind) out of the workflow; the Service was applied before
      return Optional.of(new FailedWrite(new WriteOutcome.GatewayFailed(ApiErrors.describe(e)), e));
    }
    return result.getErroredDependents().entrySet().stream().findFirst().map(f -> {
      String message = ApiErrors.describe(f.getValue());
      DependentResource<?, ?> dependent = f.getKey();
      WriteOutcome outcome = dependent instanceof IngressDependent ? new WriteOutcome.IngressFailed(message)
          : dependent instanceof GatewayObjectDependent<?> || dependent instanceof L4RouteDependent<?>
              ? new WriteOutcome.GatewayFailed(message)
          : dependent instanceof TargetGroupBindingDependent ? new WriteOutcome.BindingsFailed(message)
          : new WriteOutcome.ServiceFailed(message);
      return new FailedWrite(outcome, f.getValue());
    });
  }

  private static OptionalInt refusedNodePort(Optional<FailedWrite> failure) {
    return failure.filter(f -> f.outcome() instanceof WriteOutcome.ServiceFailed)
        .map(f -> ApiErrors.refusedNodePort(f.cause())).orElse(OptionalInt.empty());
  }

  /**
   * The app's Gateway API objects as the informers show them now: its own HTTPRoute, and each Gateway the route
   * attaches to (the informer of Gateways caches every namespace's).
   */
  private static GatewayObservation observe(ExposedApp app, GatewayPlan gatewayPlan, GatewayWrites writes,
      Context<ExposedApp> context) {
    if (!gatewayPlan.wanted() || !gatewayPlan.apis().gatewayApi() || app.getSpec() == null) {
      return new GatewayObservation(gatewayPlan, writes.taken(), Optional.empty(), Map.of());
    }
    Optional<HTTPRoute> route = context.getSecondaryResource(HTTPRoute.class)
        .filter(r -> Ownership.of(r, app, "HTTPRoute") instanceof Ownership.Own);
    Map<String, Gateway> gateways = new java.util.HashMap<>();
    var gatewayCaches = context.eventSourceRetriever().getEventSourcesFor(Gateway.class);
    for (GatewayParentRef parent : app.getSpec().gateway().effectiveParentRefs(app.getMetadata().getName())) {
      String namespace = parent.effectiveNamespace(app.getMetadata().getNamespace());
      gatewayCaches.stream().filter(InformerEventSource.class::isInstance)
          .flatMap(cache -> ((InformerEventSource<Gateway, ExposedApp>) cache)
              .get(new ResourceID(parent.name(), namespace)).stream())
          .findFirst()
          .ifPresent(gateway -> gateways.put(GatewayObservation.key(namespace, parent.name()), gateway));
    }
    return new GatewayObservation(gatewayPlan, writes.taken(), route, gateways);
  }

  @Override
  public ErrorStatusUpdateControl<ExposedApp> updateErrorStatus(ExposedApp app, Context<ExposedApp> context,
      Exception e) {
    // JOSDK may wrap what reconcile threw (its metrics timer does)
    Throwable cause = e;
    while (cause != null && !(cause instanceof WriteFailedException)) {
      cause = cause.getCause();
    }
    if (!(cause instanceof WriteFailedException failed)) {
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    ExposedAppStatus status = statuses.status(app, failed.plan(), failed.outcome(), failed.waysIn());
    announce(app, status, failed.plan());
    metrics.reconciled(OperatorMetrics.Outcome.FAILED);
    // An expected refusal (quota, admission, conflict, an unavailable server): one line, and the operator's own
    // back-off instead of JOSDK's retry, which would log the whole exception chain at every attempt. The condition
    // and a Warning Event carry what the API server said.
    Duration retryIn = memory.nextRetryDelay(ResourceID.fromResource(app));
    log.warn("{}; retrying in {} s", failed.getMessage(), retryIn.toSeconds());
    ErrorStatusUpdateControl<ExposedApp> control;
    if (status.equals(app.getStatus())) {
      control = ErrorStatusUpdateControl.<ExposedApp>noStatusUpdate();
    } else {
      app.setStatus(status);
      withoutPrecondition(app);
      control = ErrorStatusUpdateControl.patchStatus(app);
    }
    return control.rescheduleAfter(retryIn);
  }

  /** Writes the status if it changed, with the Events and the one log line of the outcome. */
  private UpdateControl<ExposedApp> report(ExposedApp app, ExposurePlan plan, WriteOutcome outcome,
      GatewayObservation gateway, NlbGatewayObservation nlbGateway, List<StatusFactory.Exposure> waysIn) {
    ExposedAppStatus status = statuses.status(app, plan, outcome, waysIn);
    boolean changed = !status.equals(app.getStatus());
    String ready = Conditions.find(status.conditions(), ConditionTypes.READY)
        .map(c -> c.getStatus() + "/" + c.getReason()).orElse("?");
    memory.writesSucceeded(ResourceID.fromResource(app));
    UpdateControl<ExposedApp> control;
    if (changed) {
      // the pools' usage may have changed: JOSDK does not pass on the events of the Services the operator writes
      // itself, so the Service mapper alone would miss the operator's own allocations
      poolInputsChanged.run();
      announce(app, status, plan);
      log.info("reconciled: ready={} nodePorts={} service={}", ready, status.ports(), plan.serviceName());
      app.setStatus(status);
      withoutPrecondition(app);
      control = UpdateControl.patchStatus(app);
    } else {
      // the cached app's own status object (equal to this one): a copy remembered for each of 10,000 unchanged apps
      // after a restart would cost some 10 MiB
      memory.rememberStatus(app, Optional.ofNullable(primaryCache).flatMap(c -> c.get(ResourceID.fromResource(app)))
          .map(ExposedApp::getStatus).filter(status::equals).orElse(status));
      log.debug("reconciled, unchanged: ready={} nodePorts={}", ready, status.ports());
      control = UpdateControl.noUpdate();
    }
    // a missing gateway API is looked up again at the recheck (GatewayApiDiscovery), which nothing else would wake
    boolean blockedByOthers = plan.specProblems().isEmpty()
        && (!plan.serviceWritable() || plan.ingressNameTakenBy().isPresent() || !gateway.taken().isEmpty()
            || gateway.plan().missingApis().isPresent() || !nlbGateway.taken().isEmpty()
            || nlbGateway.plan().missingApis().isPresent()
            || waysIn.stream().anyMatch(e -> Set.of(ConditionTypes.Reasons.TARGET_GROUP_BINDING_API_MISSING,
                ConditionTypes.Reasons.TARGET_GROUP_BINDING_NAME_TAKEN).contains(e.verdict().reason())));
    metrics.reconciled(Conditions.isTrue(status.conditions(), ConditionTypes.READY) ? OperatorMetrics.Outcome.READY
        : !plan.specProblems().isEmpty() || !plan.ingressProblems().isEmpty() || !gateway.plan().problems().isEmpty()
            || !nlbGateway.plan().problems().isEmpty()
            || !plan.loadBalancerProblems().isEmpty() || !plan.bindingProblems().isEmpty()
            ? OperatorMetrics.Outcome.INVALID
        : OperatorMetrics.Outcome.WAITING);
    if (plan.blockedByUnseenHolder()) {
      return control.rescheduleAfter(NodePortPlanner.REFUSAL_MEMORY.plusSeconds(1));
    }
    return blockedByOthers ? control.rescheduleAfter(WAITING_RECHECK) : control;
  }

  /**
   * The status is the operator's alone, applied whole and forced, so it is written without a resourceVersion
   * precondition. With one, a reconcile that started from a cache not yet showing the previous status write failed
   * with 409 Conflict and waited for JOSDK's retry: the 1 s tail of create -> Ready (docs/BENCHMARKS.md).
   */
  private static void withoutPrecondition(ExposedApp app) {
    app.getMetadata().setResourceVersion(null);
  }

  /** One Event per object taken over, once its write succeeded. */
  private void announceAdoptions(ExposedApp app, ExposurePlan plan) {
    String namespace = app.getMetadata().getNamespace();
    if (plan.adoptsService() && plan.serviceWritable()) {
      announceAdoption(app, "Service " + namespace + "/" + plan.serviceName() + " as it was, nodePorts "
          + plan.ports().stream().map(p -> p.spec().name() + ":" + p.nodePort().orElseThrow())
              .collect(java.util.stream.Collectors.joining(",")));
    }
    if (plan.adoptsIngress() && plan.ingressWritable()) {
      announceAdoption(app, "Ingress " + namespace + "/" + plan.ingressName() + " as it was");
    }
  }

  private void announceAdoption(ExposedApp app, String what) {
    // the next reconcile may start before the cache shows the new owner, and would adopt again
    if (memory.firstAdoption(ResourceID.fromResource(app), what)) {
      events.record(app, EventRecorder.NORMAL, ADOPTED, "took over " + what + " (spec.adopt)");
    }
  }

  /** Apps whose condition of this type waits for the AWS Load Balancer Controller (the metric's value). */
  public int waitingForLbc(String conditionType) {
    return (int) waitingForLbc.values().stream().filter(types -> types.contains(conditionType)).count();
  }

  /** The app is gone: what was kept for it goes too. */
  public void forget(ResourceID app) {
    waitingForLbc.remove(app);
    bindingsOf.remove(app);
  }

  /** Events for what a user must see: allocation outcomes and problems, on transitions only. */
  private void announce(ExposedApp app, ExposedAppStatus next, ExposurePlan plan) {
    Set<String> lbc = ConditionTypes.NLB_WAYS_IN.stream()
        .filter(type -> Conditions.find(next.conditions(), type).filter(c -> LBC_PENDING.contains(c.getReason()))
            .isPresent())
        .collect(Collectors.toSet());
    if (lbc.isEmpty()) {
      waitingForLbc.remove(ResourceID.fromResource(app));
    } else {
      waitingForLbc.put(ResourceID.fromResource(app), lbc);
    }
    // compare with what was last announced, not only with the stored status: when the status write fails, the retry
    // sees the old status again and would repeat the same Events
    ExposedAppStatus previous = memory.lastStatus(app).orElse(app.getStatus());
    memory.rememberStatus(app, next);
    List<Condition> before = previous == null || previous.conditions() == null ? List.of() : previous.conditions();
    for (String type : List.of(ConditionTypes.PORTS_ALLOCATED, ConditionTypes.SERVICE_READY,
        ConditionTypes.INGRESS_READY, ConditionTypes.GATEWAY_READY, ConditionTypes.LOAD_BALANCER_READY,
        ConditionTypes.TARGET_GROUP_BINDINGS_READY)) {
      Optional<Condition> now = Conditions.find(next.conditions(), type);
      Optional<Condition> was = Conditions.find(before, type);
      boolean transition = now.isPresent() && (was.isEmpty()
          || !Objects.equals(was.get().getReason(), now.get().getReason())
          || !Objects.equals(was.get().getMessage(), now.get().getMessage()));
      if (transition && Conditions.FALSE.equals(now.get().getStatus()) && !WAITING.contains(now.get().getReason())) {
        events.record(app, EventRecorder.WARNING, now.get().getReason(), now.get().getMessage());
        if (ConditionTypes.Reasons.NODE_PORT_CONFLICT.equals(now.get().getReason())) {
          metrics.conflictReported();
        }
        if (ConditionTypes.Reasons.BINDING_FAILED.equals(now.get().getReason())) {
          metrics.bindingWarningReported();
        }
      }
    }
    Optional<Condition> allocated = Conditions.find(next.conditions(), ConditionTypes.PORTS_ALLOCATED)
        .filter(c -> Conditions.TRUE.equals(c.getStatus()));
    if (!plan.keptOutsideRange().isEmpty() && allocated.isPresent() && !allocated.get().getMessage().equals(
        Conditions.find(before, ConditionTypes.PORTS_ALLOCATED).map(Condition::getMessage).orElse(null))) {
      events.record(app, EventRecorder.NORMAL, NODE_PORTS_KEPT_OUTSIDE_RANGE, allocated.get().getMessage());
    }
    String previousPorts = previous == null ? null : previous.ports();
    if (next.ports() != null && !next.ports().equals(previousPorts)) {
      events.record(app, EventRecorder.NORMAL, "NodePortsAllocated", "nodePorts " + next.ports());
    }
    String previousAddress = previous == null ? null : previous.address();
    if (next.address() != null && !next.address().equals(previousAddress)) {
      events.record(app, EventRecorder.NORMAL, ConditionTypes.Reasons.ADDRESS_ASSIGNED, "load balancer address "
          + next.address() + ", reachable at " + next.url());
    }
  }

  /** The Ingress of the app's name, unless it is someone else's: its ALB address is not the app's. */
  private static Optional<Ingress> ownIngress(ExposurePlan plan, Context<ExposedApp> context) {
    return plan.ingressNameTakenBy().isPresent() ? Optional.empty() : context.getSecondaryResource(Ingress.class);
  }

  private static String serviceName(ExposedApp app) {
    return app.getSpec() == null ? app.getMetadata().getName()
        : app.getSpec().effectiveServiceName(app.getMetadata().getName());
  }

  /** A write the workflow could not make; carries the plan and outcome so the error status can still show them. */
  static final class WriteFailedException extends RuntimeException {
    private final transient ExposurePlan plan;
    private final transient WriteOutcome outcome;
    private final transient List<StatusFactory.Exposure> waysIn;

    WriteFailedException(ExposurePlan plan, WriteOutcome outcome, List<StatusFactory.Exposure> waysIn,
        Exception cause) {
      super("writing the " + (outcome instanceof WriteOutcome.IngressFailed ? "Ingress"
          : outcome instanceof WriteOutcome.GatewayFailed ? "Gateway API objects"
          : outcome instanceof WriteOutcome.BindingsFailed ? "TargetGroupBindings" : "Service") + " failed: "
          + ApiErrors.describe(cause), cause);
      this.waysIn = waysIn;
      this.plan = plan;
      this.outcome = outcome;
    }

    List<StatusFactory.Exposure> waysIn() {
      return waysIn;
    }

    ExposurePlan plan() {
      return plan;
    }

    WriteOutcome outcome() {
      return outcome;
    }
  }
}
