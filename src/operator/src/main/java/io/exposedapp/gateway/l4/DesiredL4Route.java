package io.exposedapp.gateway.l4;

import java.util.List;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.gateway.DesiredTargetGroupConfiguration;
import io.exposedapp.gateway.l4.NlbGatewayPlan.PlannedRoute;
import io.exposedapp.meta.Labels;
import io.exposedapp.plan.ExposurePlan;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;

/**
 * The route of one port: a TCPRoute, UDPRoute or TLSRoute named {@code <app>-<port>}, attached to its listener, with
 * the app's Service and that Service port as its one backend (with instance targets the controller registers the
 * nodes at the port's nodePort). A pure function of the app, its plan and the route's plan.
 *
 * <p>The fields the CRDs default inside their atomic lists (parentRefs' group and kind, backendRefs' group, kind and
 * weight) are written out: server-side apply keeps an atomic list whole, so a server default in it would never match
 * what is applied, and the route would be applied again at every reconcile.
 */
public final class DesiredL4Route {

  private DesiredL4Route() {
  }

  public static <R extends L4Route> R of(ExposedApp app, ExposurePlan plan, PlannedRoute route, Class<R> type) {
    R object = DesiredTargetGroupConfiguration.instantiate(type);
    object.setMetadata(new ObjectMetaBuilder()
        .withName(route.name())
        .withNamespace(app.getMetadata().getNamespace())
        .withLabels(Labels.of(app, route.kind().kind().toLowerCase(java.util.Locale.ROOT)))
        .withOwnerReferences(Labels.controllerReference(app))
        .build());
    object.setSpec(new L4Route.Spec(
        List.of(new ParentReferenceBuilder()
            .withGroup(L4Route.GROUP)
            .withKind("Gateway")
            .withName(route.parent().name())
            .withNamespace(route.parent().namespace() == null || route.parent().namespace().isEmpty() ? null
                : route.parent().namespace())
            .withSectionName(route.parent().sectionName())
            .build()),
        route.hostnames().isEmpty() ? null : route.hostnames(),
        List.of(new L4Route.Rule(List.of(new BackendRefBuilder()
            .withGroup("")
            .withKind("Service")
            .withName(plan.serviceName())
            .withPort(route.port().port())
            .withWeight(1)
            .build())))));
    return object;
  }
}
