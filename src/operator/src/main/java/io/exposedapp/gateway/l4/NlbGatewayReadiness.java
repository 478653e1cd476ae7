package io.exposedapp.gateway.l4;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.gateway.GatewayObservation;
import io.exposedapp.gateway.GatewayReadiness;
import io.exposedapp.gateway.l4.NlbGatewayPlan.PlannedRoute;
import io.exposedapp.plan.ExposurePlan;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.status.StatusFactory.Exposure;
import io.exposedapp.status.StatusFactory.Verdict;
import io.exposedapp.status.StatusFactory.WriteOutcome;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;

/**
 * The NLB part of the GatewayReady condition, derived from what the AWS Load Balancer Controller's NLB controller
 * wrote: each route's entry in {@code status.parents} ({@code Accepted}, {@code ResolvedRefs}) and each Gateway's
 * {@code Programmed} condition and address. Entries of other controllers are ignored. The first route's Gateway's
 * address (the NLB's DNS name) is the app's, reachable at that route's listener port.
 */
public final class NlbGatewayReadiness {

  /** The controllerName of the AWS Load Balancer Controller's NLB gateways. */
  public static final String LBC_NLB_CONTROLLER = "gateway.k8s.aws/nlb";

  private NlbGatewayReadiness() {
  }

  /** The verdict of the nlbGateway section, or empty when the app has none. */
  public static Optional<Exposure> of(ExposedApp app, ExposurePlan plan, WriteOutcome outcome,
      NlbGatewayObservation observed) {
    if (!observed.plan().wanted()) {
      return Optional.empty();
    }
    return Optional.of(judge(app, plan, outcome, observed));
  }

  private static Exposure judge(ExposedApp app, ExposurePlan plan, WriteOutcome outcome,
      NlbGatewayObservation observed) {
    NlbGatewayPlan nlb = observed.plan();
    String namespace = app.getMetadata().getNamespace();
    if (nlb.missingApis().isPresent()) {
      return pending(Reasons.GATEWAY_API_MISSING, "spec.nlbGateway: " + nlb.missingApis().get());
    }
    if (!nlb.problems().isEmpty()) {
      return pending(Reasons.GATEWAY_INVALID, String.join("; ", nlb.problems()) + "; the NLB Gateway objects are "
          + "not written");
    }
    if (!observed.taken().isEmpty()) {
      return pending(Reasons.GATEWAY_NAME_TAKEN, observed.taken().get(0).describe("Rename the ExposedApp (these "
          + "objects are named after it and its ports) or remove the route from spec.nlbGateway"));
    }
    if (!plan.serviceWritable()) {
      return pending(Reasons.GATEWAY_PENDING, "the NLB Gateway routes wait for the Service");
    }
    if (outcome instanceof WriteOutcome.GatewayFailed f) {
      return pending(Reasons.GATEWAY_APPLY_FAILED, "writing the Gateway API objects failed: " + f.message());
    }
    for (PlannedRoute route : nlb.routes()) {
      String what = route.kind().kind() + " " + namespace + "/" + route.name();
      String gatewayKey = key(route, namespace);
      if (!observed.gateways().containsKey(gatewayKey)) {
        return pending(Reasons.GATEWAY_NOT_FOUND, "Gateway " + gatewayKey + " does not exist"
            + (route.own() ? " yet" : "; check spec.nlbGateway.routes[].parentRef of port " + route.port().name()));
      }
      Optional<RouteParentStatus> entry = entry(observed, route, namespace);
      Optional<Condition> accepted = entry.flatMap(e -> GatewayReadiness.condition(e.getConditions(), "Accepted"));
      if (accepted.filter(c -> "False".equals(c.getStatus())).isPresent()) {
        return pending(Reasons.ROUTE_NOT_ACCEPTED, what + " is not accepted on Gateway " + gatewayKey + " listener "
            + route.parent().sectionName() + ": " + accepted.get().getReason() + ": " + accepted.get().getMessage());
      }
      Optional<Condition> resolved = entry.flatMap(e -> GatewayReadiness.condition(e.getConditions(),
          "ResolvedRefs"));
      if (resolved.filter(c -> "False".equals(c.getStatus())).isPresent()) {
        return pending(Reasons.ROUTE_REFS_NOT_RESOLVED, what + " has references the controller cannot resolve on "
            + "Gateway " + gatewayKey + ": " + resolved.get().getReason() + ": " + resolved.get().getMessage());
      }
    }
    Set<String> gatewayKeys = new LinkedHashSet<>();
    nlb.routes().forEach(r -> gatewayKeys.add(key(r, namespace)));
    for (String gatewayKey : gatewayKeys) {
      Gateway gateway = observed.gateways().get(gatewayKey);
      Optional<Condition> programmed = GatewayReadiness.condition(gateway.getStatus() == null ? null
          : gateway.getStatus().getConditions(), "Programmed");
      if (programmed.filter(c -> "True".equals(c.getStatus())).isEmpty()) {
        return pending(Reasons.GATEWAY_NOT_PROGRAMMED, "Gateway " + gatewayKey + " is not programmed: "
            + programmed.map(c -> c.getReason() + ": " + c.getMessage())
                .orElse("waiting for the AWS Load Balancer Controller to provision the NLB"));
      }
      if (GatewayReadiness.hostname(gateway).isEmpty()) {
        return pending(Reasons.ADDRESS_PENDING, "Gateway " + gatewayKey + " is programmed but has no address yet");
      }
    }
    for (PlannedRoute route : nlb.routes()) {
      boolean accepted = entry(observed, route, namespace)
          .flatMap(e -> GatewayReadiness.condition(e.getConditions(), "Accepted"))
          .filter(c -> "True".equals(c.getStatus())).isPresent();
      if (!accepted) {
        return pending(Reasons.ROUTE_PENDING, "waiting for the AWS Load Balancer Controller to accept "
            + route.kind().kind() + " " + namespace + "/" + route.name() + " on Gateway " + key(route, namespace)
            + " listener " + route.parent().sectionName());
      }
    }
    PlannedRoute first = nlb.routes().get(0);
    Gateway gateway = observed.gateways().get(key(first, namespace));
    String address = GatewayReadiness.hostname(gateway).orElseThrow();
    String url = listenerPort(first, gateway).map(port -> address + ":" + port).orElse(address);
    return new Exposure(ConditionTypes.GATEWAY_READY, new Verdict(true, Reasons.ADDRESS_ASSIGNED, "NLB " + address
        + " of Gateway " + key(first, namespace) + ", " + first.port().name() + " reachable at " + url), true,
        Optional.of(address), Optional.of(url));
  }

  private static Exposure pending(String reason, String message) {
    return new Exposure(ConditionTypes.GATEWAY_READY, new Verdict(false, reason, message), true, Optional.empty(),
        Optional.empty());
  }

  private static String key(PlannedRoute route, String namespace) {
    return GatewayObservation.key(route.parent().effectiveNamespace(namespace), route.parent().name());
  }

  private static Optional<RouteParentStatus> entry(NlbGatewayObservation observed, PlannedRoute route,
      String namespace) {
    L4Route cached = observed.routes().get(route.name());
    List<RouteParentStatus> entries = cached == null || cached.getStatus() == null ? null
        : cached.getStatus().getParents();
    return GatewayReadiness.entryFor(entries, route.parent(), namespace, LBC_NLB_CONTROLLER);
  }

  /** The port of the listener the route attaches to: the own Gateway's as planned, a shared one's as it says. */
  private static Optional<Integer> listenerPort(PlannedRoute route, Gateway gateway) {
    if (route.own()) {
      return Optional.of(route.listenerPort());
    }
    return gateway.getSpec() == null || gateway.getSpec().getListeners() == null ? Optional.empty()
        : gateway.getSpec().getListeners().stream()
            .filter(l -> route.parent().sectionName().equals(l.getName()))
            .map(io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener::getPort)
            .findFirst();
  }
}
