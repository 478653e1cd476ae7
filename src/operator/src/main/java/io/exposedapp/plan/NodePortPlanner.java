package io.exposedapp.plan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.exposedapp.api.AlbScheme;
import io.exposedapp.api.ExternalTrafficPolicy;
import io.exposedapp.ingress.IngressLint;
import io.exposedapp.nlb.LoadBalancerLint;
import io.exposedapp.nlb.NlbAnnotations;
import io.exposedapp.targetgroupbinding.TargetGroupBindingLint;
import io.exposedapp.allocation.Allocation;
import io.exposedapp.allocation.Holder;
import io.exposedapp.allocation.NodePortAllocator;
import io.exposedapp.allocation.PortClaim;
import io.exposedapp.allocation.PortLedger;
import io.exposedapp.allocation.PortsInUse;
import io.exposedapp.allocation.PortRange;
import io.exposedapp.allocation.PortSource;
import io.exposedapp.pool.PoolUsage;
import io.exposedapp.pool.Pools;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppStatus;
import io.exposedapp.api.NodePortStatus;
import io.exposedapp.api.PortSpec;
import io.exposedapp.ledger.ClusterPorts;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * Computes an app's whole {@link ExposurePlan} (Service name, nodePorts and, for a LoadBalancer Service with
 * externalTrafficPolicy Local, its healthCheckNodePort; the Ingress's name; the lint of the ingress, loadBalancer and
 * targetGroupBindings sections) in one call from one {@link ClusterView} of what the informers see, serialized across
 * concurrent reconciles so that two apps are never planned the same port.
 *
 * <p>When the app's own Service already holds every port it should keep, that is the plan. Otherwise the ports in use
 * are read from the view's {@link ClusterPorts} (every Service in the cluster, the ports recorded in every ExposedApp's
 * status, kept as the caches change), plus the ports planned but not yet visible in the cached status (in flight),
 * plus ports the API server refused recently.
 */
public final class NodePortPlanner {

  /**
   * How long a port the API server called "already allocated" stays blocked while the informer catches up: the
   * holder normally shows up in the cache within milliseconds, and a refusal must not outlive a holder that is gone.
   */
  public static final Duration REFUSAL_MEMORY = Duration.ofSeconds(5);
  /** Who holds a refused port until the informer shows the real holder. */
  public static final Holder UNSEEN_HOLDER = Holder.service("unknown", "a Service the operator has not seen yet");
  /**
   * The claim of the Service's healthCheckNodePort among the ports' claims: no port can have this name (port names
   * are lower-case DNS labels).
   */
  public static final String HEALTH_CHECK_CLAIM = "healthCheckNodePort";

  private final NodePortAllocator allocator;
  private final Clock clock;
  private final Map<ResourceID, Set<Integer>> inFlight = new HashMap<>();
  private final Map<Integer, Instant> refusedByServer = new HashMap<>();
  private final Set<ResourceID> waiting = ConcurrentHashMap.newKeySet();
  /** namespace/serviceName -> the app that wants that Service, to route events of a Service that lost its owner. */
  private final Map<String, ResourceID> serviceOwners = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger usedInRange = new java.util.concurrent.atomic.AtomicInteger();
  /** Apps that keep nodePorts outside the range (it changed since they got them), with how many. */
  private final Map<ResourceID, Integer> keptOutsideRange = new ConcurrentHashMap<>();

  /** The scheme of an NLB whose section does not say ({@code EXPOSEDAPP_DEFAULT_SCHEME}), for its lint. */
  private final AlbScheme defaultScheme;

  public NodePortPlanner(PortRange range, Clock clock) {
    this(range, clock, AlbScheme.INTERNAL);
  }

  public NodePortPlanner(PortRange range, Clock clock, AlbScheme defaultScheme) {
    this.allocator = new NodePortAllocator(range);
    this.clock = clock;
    this.defaultScheme = defaultScheme;
  }

  public PortRange range() {
    return allocator.range();
  }

  /** Plans one app against fixed collections (tests, render). */
  public ExposurePlan plan(ExposedApp app, Collection<Service> services, Collection<ExposedApp> apps) {
    return plan(app, ClusterView.of(services, apps));
  }

  /**
   * Plans one app. The cluster is read only once no other plan is running: a snapshot taken while waiting could
   * predate ports an earlier plan saw in the caches and therefore no longer counts as in flight.
   */
  public ExposurePlan plan(ExposedApp app, ClusterView cluster) {
    return plan(app, app.getStatus(), cluster);
  }

  /**
   * Plans one app whose recorded ports are those of {@code recorded}: the status the operator last decided, which
   * differs from the stored one when someone else changed or removed it.
   */
  public synchronized ExposurePlan plan(ExposedApp app, ExposedAppStatus recorded, ClusterView cluster) {
    ResourceID appId = ResourceID.fromResource(app);
    String namespace = app.getMetadata().getNamespace();
    String serviceName = app.getSpec() == null ? app.getMetadata().getName()
        : app.getSpec().effectiveServiceName(app.getMetadata().getName());
    Optional<Service> sameName = cluster.service(namespace, serviceName);
    Optional<Ownership> serviceOwnership = sameName.map(s -> Ownership.of(s, app, "Service"));
    Optional<Service> ownService = sameName.filter(s -> serviceOwnership.get() instanceof Ownership.Own);
    serviceOwners.put(namespace + "/" + serviceName, appId);
    Optional<Ownership.Taken> takenBy = taken(serviceOwnership);

    String ingressName = app.getMetadata().getName();
    Optional<Ownership> ingressOwnership = app.getSpec() == null || !app.getSpec().wantsIngress() ? Optional.empty()
        : cluster.ingress(namespace, ingressName).map(i -> Ownership.of(i, app, "Ingress"));
    Optional<Ownership.Taken> ingressTakenBy = taken(ingressOwnership);
    List<String> ingressProblems = IngressLint.problems(app.getSpec());
    boolean adoptsService = serviceOwnership.filter(Ownership::isAdopting).isPresent();
    boolean adoptsIngress = ingressOwnership.filter(Ownership::isAdopting).isPresent();
    Pools.Selection selection = Pools.of(cluster.pools(), allocator.range()).select(namespace,
        cluster.namespaceLabels(namespace), app.getSpec() == null ? null : app.getSpec().pool());

    List<String> problems = SpecValidation.problems(app);
    List<String> loadBalancerProblems = loadBalancerProblems(app, ownService);
    List<String> bindingProblems = TargetGroupBindingLint.problems(app);
    if (!problems.isEmpty()) {
      return new ExposurePlan(serviceName, List.of(), takenBy, problems, ingressName, ingressTakenBy, ingressProblems,
          source(selection, namespace, null), adoptsService, adoptsIngress, Optional.empty(), loadBalancerProblems,
          bindingProblems);
    }
    boolean needsHealthCheck = needsHealthCheckNodePort(app);

    Optional<List<ExposurePlan.PlannedPort>> kept = ownService.flatMap(s -> keptByOwnService(app, recorded, s));
    Optional<Integer> keptHealthCheck = ownService.flatMap(s -> keptHealthCheck(needsHealthCheck, recorded, s));
    if (kept.isPresent() && (!needsHealthCheck || keptHealthCheck.isPresent())) {
      // nothing to allocate: no ledger needed (most reconciles, e.g. every app after a restart). The kept ports are
      // in flight until the cached status shows them: the Service seen here may not be in the list others read yet.
      Set<Integer> held = kept.get().stream().map(p -> p.nodePort().orElseThrow()).collect(Collectors.toSet());
      keptHealthCheck.ifPresent(held::add);
      inFlight.put(appId, held);
      waiting.remove(appId);
      return counted(appId, new ExposurePlan(serviceName, kept.get(), Optional.empty(), List.of(), ingressName,
          ingressTakenBy, ingressProblems, source(selection, namespace, null), adoptsService, adoptsIngress,
          keptHealthCheck.map(Allocation.Assigned::new), loadBalancerProblems, bindingProblems));
    }

    Holder self = Holder.exposedApp(namespace, app.getMetadata().getName());
    Holder ownServiceHolder = Holder.service(namespace, serviceName);
    Predicate<Holder> isOurs = h -> h.equals(self) || ownService.isPresent() && h.equals(ownServiceHolder);
    List<PortClaim> claims = new ArrayList<>();
    for (PortSpec port : app.getSpec().ports()) {
      claims.add(new PortClaim(port.name(), port.nodePort(), recordedPort(recorded, port.name()),
          ownService.flatMap(s -> observed(s, port)).orElse(null)));
    }
    if (needsHealthCheck) {
      // last: the ports' own claims come first when a kept port is wanted by both
      claims.add(new PortClaim(HEALTH_CHECK_CLAIM, null, recorded == null ? null : recorded.healthCheckNodePort(),
          ownService.map(s -> s.getSpec().getHealthCheckNodePort()).orElse(null)));
    }
    record Allocated(PortSource source, Map<String, Allocation> allocations) {
    }
    Allocated result = cluster.readPorts(cached -> {
      PortsInUse ports = portsInUse(cached, appId);
      PortSource source = source(selection, namespace, ports);
      Map<String, Allocation> allocations = allocator.allocate(self, claims, isOurs, ports, source);
      usedInRange.set(ports.usedCount(allocator.range()));
      return new Allocated(source, allocations);
    });
    PortSource source = result.source();
    Map<String, Allocation> allocations = result.allocations();

    List<ExposurePlan.PlannedPort> planned = new ArrayList<>();
    Set<Integer> assigned = new java.util.HashSet<>();
    for (PortSpec port : app.getSpec().ports()) {
      Allocation a = allocations.get(port.name());
      planned.add(new ExposurePlan.PlannedPort(port, a));
      if (a instanceof Allocation.Assigned done) {
        assigned.add(done.nodePort());
      }
    }
    Optional<Allocation> healthCheck = Optional.ofNullable(allocations.get(HEALTH_CHECK_CLAIM));
    healthCheck.filter(Allocation.Assigned.class::isInstance)
        .ifPresent(a -> assigned.add(((Allocation.Assigned) a).nodePort()));
    inFlight.put(appId, Set.copyOf(assigned));
    ExposurePlan plan = new ExposurePlan(serviceName, planned, takenBy, List.of(), ingressName, ingressTakenBy,
        ingressProblems, source, adoptsService, adoptsIngress, healthCheck, loadBalancerProblems, bindingProblems);
    if (plan.allPortsAssigned() && takenBy.isEmpty()
        && healthCheck.map(Allocation.Assigned.class::isInstance).orElse(true)) {
      waiting.remove(appId);
    } else {
      waiting.add(appId);
    }
    return counted(appId, plan);
  }

  /**
   * Where the app's new ports come from. With pools, each is a band with the pool's quota and what the namespace holds
   * of it now (from {@code ledger}; without one, as when nothing is allocated, the counts are not needed).
   */
  private static PortSource source(Pools.Selection selection, String namespace, PortsInUse ledger) {
    if (selection instanceof Pools.Selection.ClusterRange all) {
      return PortSource.of(all.range());
    }
    if (selection instanceof Pools.Selection.Refused refused) {
      return PortSource.refused(refused.reason(), refused.message());
    }
    List<PortSource.Band> bands = new ArrayList<>();
    for (Pools.Pool pool : ((Pools.Selection.Drawn) selection).pools()) {
      // what the namespace holds matters only under a quota: without one, no pass over the band
      int held = ledger == null || pool.spec().maxPortsPerNamespace() == null ? 0
          : PoolUsage.heldBy(namespace, pool.ranges(), ledger);
      bands.add(new PortSource.Band("NodePortPool " + pool.name(), pool.ranges(), pool.spec().maxPortsPerNamespace(),
          held));
    }
    return new PortSource(bands);
  }

  /**
   * How much of each pool is used, from one view of the caches: every Service's nodePorts, every app's recorded
   * ones and those planned but not yet recorded. For the pools' status and metrics.
   *
   * @param pools the cluster's pools, as {@link Pools#of} checked them; only the valid ones have a usage
   */
  public synchronized Map<String, PoolUsage> poolUsage(ClusterView cluster, Pools pools) {
    return cluster.readPorts(cached -> {
      PortsInUse ports = portsInUse(cached, null);
      Map<String, PoolUsage> usage = new java.util.TreeMap<>();
      pools.valid().forEach((name, pool) -> usage.put(name, PoolUsage.of(pool.ranges(), ports)));
      return usage;
    });
  }

  private ExposurePlan counted(ResourceID appId, ExposurePlan plan) {
    int outside = plan.keptOutsideRange().size();
    if (outside == 0) {
      keptOutsideRange.remove(appId);
    } else {
      keptOutsideRange.put(appId, outside);
    }
    return plan;
  }

  /** nodePorts kept outside the range because they were allocated before it changed (for the metrics). */
  public int keptOutsideRange() {
    return keptOutsideRange.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** nodePorts of the range in use as of the last plan (for the metrics). */
  public int usedInRange() {
    return usedInRange.get();
  }

  /** The API server answered "provided port is already allocated": someone outside our view won a race. */
  public synchronized void refusedByServer(int nodePort) {
    refusedByServer.put(nodePort, clock.instant());
  }

  /** The app that last planned a Service of this name, if any. */
  public Optional<ResourceID> appWanting(String namespace, String serviceName) {
    return Optional.ofNullable(serviceOwners.get(namespace + "/" + serviceName));
  }

  /**
   * Apps blocked by something another object holds (a port, or their Service's name): any Service going away is a
   * reason to plan them again.
   */
  public Set<ResourceID> waitingApps() {
    return Set.copyOf(waiting);
  }

  /**
   * The ports in use: the cached ones, plus the ports planned but not yet in the cached status (in flight), plus the
   * ports the API server refused recently. In-flight ports the cached status now shows, or of apps no longer cached,
   * are forgotten here (not those of the app being planned, whose plan replaces them).
   */
  private PortsInUse portsInUse(ClusterPorts.Reading cached, ResourceID planning) {
    PortLedger pending = new PortLedger();
    inFlight.entrySet().removeIf(entry -> {
      ResourceID id = entry.getKey();
      Holder holder = Holder.exposedApp(id.getNamespace().orElse(""), id.getName());
      if (!id.equals(planning) && cached.recordedBy(holder).map(r -> r.containsAll(entry.getValue())).orElse(true)) {
        return true;
      }
      entry.getValue().forEach(p -> pending.hold(p, holder));
      return false;
    });
    Instant forgetBefore = clock.instant().minus(REFUSAL_MEMORY);
    refusedByServer.values().removeIf(at -> at.isBefore(forgetBefore));
    refusedByServer.keySet().forEach(p -> pending.hold(p, UNSEEN_HOLDER));
    return cached.inUse().plus(pending);
  }

  /** The app is gone: what was kept for it goes too (its in-flight ports go at the next plan). */
  public void forget(ResourceID app) {
    serviceOwners.values().removeIf(app::equals);
    keptOutsideRange.remove(app);
    waiting.remove(app);
  }

  /**
   * The plan when the app's own Service already has, for every spec port, a nodePort that is the one requested (if
   * any) and the one recorded in the status (if any), all distinct. The API server keeps nodePorts unique, so nobody
   * else holds them: the allocator would keep each of them, also outside a changed range. Empty otherwise (a port to
   * allocate, a request or a recorded port to restore).
   */
  private Optional<List<ExposurePlan.PlannedPort>> keptByOwnService(ExposedApp app, ExposedAppStatus status,
      Service own) {
    List<ExposurePlan.PlannedPort> planned = new ArrayList<>();
    Set<Integer> seen = new java.util.HashSet<>();
    for (PortSpec port : app.getSpec().ports()) {
      Integer observed = observed(own, port).orElse(null);
      Integer recorded = recordedPort(status, port.name());
      if (observed == null || !seen.add(observed)
          || port.nodePort() != null && !port.nodePort().equals(observed)
          || recorded != null && !recorded.equals(observed)) {
        return Optional.empty();
      }
      planned.add(new ExposurePlan.PlannedPort(port, new Allocation.Assigned(observed)));
    }
    return Optional.of(planned);
  }

  /** A LoadBalancer Service with externalTrafficPolicy Local needs a healthCheckNodePort (kube-proxy answers on it). */
  static boolean needsHealthCheckNodePort(ExposedApp app) {
    return app.getSpec().wantsLoadBalancer() && app.getSpec().externalTrafficPolicy() == ExternalTrafficPolicy.Local;
  }

  /**
   * The own Service's healthCheckNodePort when it is the one to keep: needed, present, and the recorded one (if
   * any). Empty otherwise, also when none is needed.
   */
  private static Optional<Integer> keptHealthCheck(boolean needed, ExposedAppStatus status, Service own) {
    Integer observed = own.getSpec().getHealthCheckNodePort();
    Integer recorded = status == null ? null : status.healthCheckNodePort();
    if (!needed || observed == null || observed == 0 || recorded != null && !recorded.equals(observed)) {
      return Optional.empty();
    }
    return Optional.of(observed);
  }

  /**
   * The loadBalancer section's lint, and the one thing no write can fix: the Service is already a LoadBalancer of
   * another class, which the API server never lets change ("may not change once set").
   */
  private List<String> loadBalancerProblems(ExposedApp app, Optional<Service> existing) {
    if (app.getSpec() == null || !app.getSpec().wantsLoadBalancer()) {
      return List.of();
    }
    List<String> problems = new ArrayList<>(LoadBalancerLint.problems(app.getSpec(), defaultScheme));
    existing.filter(s -> "LoadBalancer".equals(s.getSpec().getType())
            && !NlbAnnotations.NLB_CLASS.equals(s.getSpec().getLoadBalancerClass()))
        .ifPresent(s -> problems.add("spec.loadBalancer: Service " + s.getMetadata().getNamespace() + "/"
            + s.getMetadata().getName() + " is already a LoadBalancer of "
            + (s.getSpec().getLoadBalancerClass() == null ? "no class (the cluster's default load balancer)"
                : "class " + s.getSpec().getLoadBalancerClass())
            + ", which Kubernetes never lets change to " + NlbAnnotations.NLB_CLASS + "; it is left as it is. Delete "
            + "the Service to have it re-created as the app's NLB (the app's status keeps its nodePorts), or remove "
            + "spec.loadBalancer"));
    return problems;
  }

  private static Integer recordedPort(ExposedAppStatus status, String portName) {
    if (status == null || status.nodePorts() == null) {
      return null;
    }
    return status.nodePorts().stream()
        .filter(p -> portName.equals(p.name()))
        .map(NodePortStatus::nodePort)
        .findFirst()
        .orElse(null);
  }

  /**
   * The nodePort the Service has for a spec port: the Service port of that name, else an unnamed Service port with the
   * same port and protocol (a single-port Service written by hand often has no name; adopting it names the port and
   * keeps its nodePort).
   */
  private static Optional<Integer> observed(Service service, PortSpec port) {
    List<ServicePort> ports = service.getSpec().getPorts();
    Optional<ServicePort> match = ports.stream().filter(p -> port.name().equals(p.getName())).findFirst();
    if (match.isEmpty()) {
      match = ports.stream()
          .filter(p -> (p.getName() == null || p.getName().isEmpty()) && p.getPort() != null
              && p.getPort() == port.port() && port.effectiveProtocol().name().equals(
                  p.getProtocol() == null ? "TCP" : p.getProtocol()))
          .findFirst();
    }
    return match.map(ServicePort::getNodePort).filter(p -> p != null && p > 0);
  }


  private static Optional<Ownership.Taken> taken(Optional<Ownership> ownership) {
    return ownership.filter(Ownership.Taken.class::isInstance).map(Ownership.Taken.class::cast);
  }

}
