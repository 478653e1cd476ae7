package io.exposedapp.gateway.l4;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.gateway.GatewayObservation;
import io.exposedapp.gateway.GatewayWrites;
import io.exposedapp.plan.Ownership;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * The app's NLB Gateway objects as the informers show them after a reconcile's writes, with the plan they were
 * written from: what the NLB part of GatewayReady is derived from.
 *
 * @param plan what the reconcile decided
 * @param taken objects of names the app wants that another owns (left alone)
 * @param routes the app's own routes that are cached, by name
 * @param gateways the Gateways its routes attach to that are cached, by {@code namespace/name}
 */
public record NlbGatewayObservation(NlbGatewayPlan plan, List<Ownership.Taken> taken, Map<String, L4Route> routes,
    Map<String, Gateway> gateways) {

  public NlbGatewayObservation {
    taken = List.copyOf(taken);
    routes = Map.copyOf(routes);
    gateways = Map.copyOf(gateways);
  }

  /** Reads the caches: each route kind's informer of the version served, and every informer of Gateways. */
  @SuppressWarnings("unchecked")
  public static NlbGatewayObservation observe(ExposedApp app, NlbGatewayPlan plan, GatewayWrites writes,
      Context<ExposedApp> context) {
    Map<String, L4Route> routes = new HashMap<>();
    Map<String, Gateway> gateways = new HashMap<>();
    if (!plan.wanted()) {
      return new NlbGatewayObservation(plan, writes.taken(), routes, gateways);
    }
    String namespace = app.getMetadata().getNamespace();
    var sources = context.eventSourceRetriever();
    for (NlbGatewayPlan.PlannedRoute route : plan.routes()) {
      plan.routeApis().version(route.kind()).ifPresent(version -> sources
          .getEventSourcesFor(route.kind().type(version)).stream()
          .filter(InformerEventSource.class::isInstance)
          .flatMap(source -> ((InformerEventSource<L4Route, ExposedApp>) source)
              .get(new ResourceID(route.name(), namespace)).stream())
          .filter(r -> Ownership.of(r, app, route.kind().kind()) instanceof Ownership.Own)
          .findFirst()
          .ifPresent(r -> routes.put(route.name(), r)));
      String gatewayNamespace = route.parent().effectiveNamespace(namespace);
      sources.getEventSourcesFor(Gateway.class).stream()
          .filter(InformerEventSource.class::isInstance)
          .flatMap(source -> ((InformerEventSource<Gateway, ExposedApp>) source)
              .get(new ResourceID(route.parent().name(), gatewayNamespace)).stream())
          .findFirst()
          .ifPresent(g -> gateways.put(GatewayObservation.key(gatewayNamespace, route.parent().name()), g));
    }
    return new NlbGatewayObservation(plan, writes.taken(), routes, gateways);
  }
}
