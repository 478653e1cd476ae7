package io.exposedapp.gateway.l4;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.gateway.GatewayWrites;
import io.exposedapp.plan.ExposurePlan;
import io.exposedapp.plan.Ownership;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.BulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * The app's routes of one layer-4 kind in one version, one per port the plan routes that way, written with
 * server-side apply after the Service. A bulk dependent: a port's route removed (or moved to another kind) is
 * deleted, the whole section removed deletes them all ({@link NlbGatewayWanted}). Only the app's own routes are its
 * secondaries: one of a name the app wants that is another's is left alone and reported. The workflow declares each
 * kind in each version; the activation conditions ({@link L4RouteServed}) let only the newest version served run.
 */
public abstract class L4RouteDependent<R extends L4Route> extends CRUDKubernetesDependentResource<R, ExposedApp>
    implements BulkDependentResource<R, ExposedApp, ResourceID> {

  private final L4RouteKind kind;
  private final Class<R> type;

  protected L4RouteDependent(Class<R> type, L4RouteKind kind) {
    super(type);
    this.type = type;
    this.kind = kind;
  }

  @Override
  public ReconcileResult<R> reconcile(ExposedApp app, Context<ExposedApp> context) {
    if (!plan(context).writable(exposurePlan(context))) {
      return ReconcileResult.aggregatedResult(List.of());
    }
    return super.reconcile(app, context);
  }

  /** The plan's routes of this kind, but those whose name another's route already has (reported, left alone). */
  @Override
  public Map<ResourceID, R> desiredResources(ExposedApp app, Context<ExposedApp> context) {
    Map<ResourceID, R> desired = new LinkedHashMap<>();
    GatewayWrites writes = context.managedWorkflowAndDependentResourceContext()
        .getMandatory(NlbGatewayPlan.WRITES_KEY, GatewayWrites.class);
    for (NlbGatewayPlan.PlannedRoute route : plan(context).routes(kind)) {
      ResourceID id = new ResourceID(route.name(), app.getMetadata().getNamespace());
      var existing = eventSource().flatMap(source -> source.get(id));
      if (existing.isPresent() && Ownership.of(existing.get(), app, kind.kind()) instanceof Ownership.Taken other) {
        writes.taken(other);
      } else {
        desired.put(id, DesiredL4Route.of(app, exposurePlan(context), route, type));
      }
    }
    return desired;
  }

  /**
   * The app's own routes of this kind: controlled by it, or its own orphaned; and one it may adopt (spec.adopt, no
   * controller) only while the plan routes a port under its name, so that it is updated in place and never deleted
   * as an extra.
   */
  @Override
  public Map<ResourceID, R> getSecondaryResources(ExposedApp app, Context<ExposedApp> context) {
    Set<String> wanted = plan(context).routes(kind).stream().map(NlbGatewayPlan.PlannedRoute::name)
        .collect(Collectors.toSet());
    return eventSource().map(source -> source.list(app.getMetadata().getNamespace())
        .filter(route -> Ownership.of(route, app, kind.kind()) instanceof Ownership.Own own
            && (!own.adopting() || wanted.contains(route.getMetadata().getName())))
        .collect(Collectors.toMap(ResourceID::fromResource, route -> route, (a, b) -> a, LinkedHashMap::new)))
        .orElse(new LinkedHashMap<>());
  }

  static NlbGatewayPlan plan(Context<ExposedApp> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(NlbGatewayPlan.CONTEXT_KEY,
        NlbGatewayPlan.class);
  }

  private static ExposurePlan exposurePlan(Context<ExposedApp> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(ExposurePlan.CONTEXT_KEY,
        ExposurePlan.class);
  }

  public static class TcpV1 extends L4RouteDependent<L4Route.TcpV1> {
    public TcpV1() {
      super(L4Route.TcpV1.class, L4RouteKind.TCP);
    }
  }

  public static class TcpV1alpha2 extends L4RouteDependent<L4Route.TcpV1alpha2> {
    public TcpV1alpha2() {
      super(L4Route.TcpV1alpha2.class, L4RouteKind.TCP);
    }
  }

  public static class UdpV1 extends L4RouteDependent<L4Route.UdpV1> {
    public UdpV1() {
      super(L4Route.UdpV1.class, L4RouteKind.UDP);
    }
  }

  public static class UdpV1alpha2 extends L4RouteDependent<L4Route.UdpV1alpha2> {
    public UdpV1alpha2() {
      super(L4Route.UdpV1alpha2.class, L4RouteKind.UDP);
    }
  }

  public static class TlsV1 extends L4RouteDependent<L4Route.TlsV1> {
    public TlsV1() {
      super(L4Route.TlsV1.class, L4RouteKind.TLS);
    }
  }

  public static class TlsV1alpha2 extends L4RouteDependent<L4Route.TlsV1alpha2> {
    public TlsV1alpha2() {
      super(L4Route.TlsV1alpha2.class, L4RouteKind.TLS);
    }
  }
}
