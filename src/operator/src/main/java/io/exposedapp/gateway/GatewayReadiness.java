package io.exposedapp.gateway;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.GatewayListener;
import io.exposedapp.api.GatewayParentRef;
import io.exposedapp.api.GatewaySpec;
import io.exposedapp.plan.ExposurePlan;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.status.StatusFactory.Exposure;
import io.exposedapp.status.StatusFactory.Verdict;
import io.exposedapp.status.StatusFactory.WriteOutcome;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusAddress;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;

/**
 * The GatewayReady condition, derived from what the AWS Load Balancer Controller wrote: each Gateway's
 * {@code Programmed} condition and {@code status.addresses}, and the controller's entry for each of them in the
 * HTTPRoute's {@code status.parents} ({@code Accepted}, {@code ResolvedRefs}). Entries of other controllers are
 * ignored. The first Gateway's address is the app's.
 */
public final class GatewayReadiness {

  /** The controllerName of the AWS Load Balancer Controller's ALB gateways. */
  static final String LBC_ALB_CONTROLLER = "gateway.k8s.aws/alb";

  private GatewayReadiness() {
  }

  /** The verdict, and the address and URL once ready. */
  record Outcome(Verdict verdict, Optional<String> address, Optional<String> url) {
  }

  /**
   * The GatewayReady condition, or empty when the app wants no Gateway API objects: the ALB form's, the NLB form's
   * ({@code nlb}, judged by {@code io.exposedapp.gateway.l4}), or both: ready when both are, the first not ready
   * otherwise; the ALB's address is the app's when there is one (as with an Ingress next to an NLB).
   */
  public static Optional<Exposure> of(ExposedApp app, ExposurePlan plan, WriteOutcome outcome,
      GatewayObservation observed, boolean wanted, Optional<Exposure> nlb) {
    if (!wanted) {
      return nlb;
    }
    Outcome judged = of(app, plan, outcome, observed);
    Exposure alb = new Exposure(ConditionTypes.GATEWAY_READY, judged.verdict(), true, judged.address(),
        judged.url());
    if (nlb.isEmpty() || !alb.verdict().ok()) {
      return Optional.of(alb);
    }
    if (!nlb.get().verdict().ok()) {
      return nlb;
    }
    return Optional.of(new Exposure(ConditionTypes.GATEWAY_READY, new Verdict(true, Reasons.ADDRESS_ASSIGNED,
        alb.verdict().message() + "; " + nlb.get().verdict().message()), true, alb.address(), alb.url()));
  }

  static Outcome of(ExposedApp app, ExposurePlan plan, WriteOutcome outcome, GatewayObservation observed) {
    String namespace = app.getMetadata().getNamespace();
    String route = "HTTPRoute " + namespace + "/" + app.getMetadata().getName();
    if (observed.plan().missingApis().isPresent()) {
      return pending(Reasons.GATEWAY_API_MISSING, observed.plan().missingApis().get());
    }
    if (!observed.plan().problems().isEmpty()) {
      return pending(Reasons.GATEWAY_INVALID, String.join("; ", observed.plan().problems())
          + "; the Gateway API objects are not written");
    }
    if (!observed.taken().isEmpty()) {
      return pending(Reasons.GATEWAY_NAME_TAKEN, observed.taken().get(0)
          .describe("Rename the ExposedApp (these objects have its name) or remove spec.gateway"));
    }
    if (!plan.serviceWritable()) {
      return pending(Reasons.GATEWAY_PENDING, route + " waits for the Service");
    }
    if (outcome instanceof WriteOutcome.GatewayFailed f) {
      return pending(Reasons.GATEWAY_APPLY_FAILED, "writing the Gateway API objects failed: " + f.message());
    }
    List<GatewayParentRef> parents = app.getSpec().gateway().effectiveParentRefs(app.getMetadata().getName());
    for (GatewayParentRef parent : parents) {
      String gatewayKey = GatewayObservation.key(parent.effectiveNamespace(namespace), parent.name());
      if (!observed.gateways().containsKey(gatewayKey)) {
        return pending(Reasons.GATEWAY_NOT_FOUND, "Gateway " + gatewayKey + " does not exist"
            + (app.getSpec().gateway().ownsGateway() ? " yet" : "; check spec.gateway.parentRefs"));
      }
      Optional<RouteParentStatus> entry = observed.route().flatMap(r -> entryFor(r.getStatus() == null ? null
          : r.getStatus().getParents(), parent, namespace));
      Optional<Condition> accepted = entry.flatMap(e -> condition(e.getConditions(), "Accepted"));
      if (accepted.filter(c -> "False".equals(c.getStatus())).isPresent()) {
        return pending(Reasons.ROUTE_NOT_ACCEPTED, route + " is not accepted on Gateway " + gatewayKey + ": "
            + accepted.get().getReason() + ": " + accepted.get().getMessage());
      }
      Optional<Condition> resolved = entry.flatMap(e -> condition(e.getConditions(), "ResolvedRefs"));
      if (resolved.filter(c -> "False".equals(c.getStatus())).isPresent()) {
        return pending(Reasons.ROUTE_REFS_NOT_RESOLVED, route + " has references the controller cannot resolve on "
            + "Gateway " + gatewayKey + ": " + resolved.get().getReason() + ": " + resolved.get().getMessage());
      }
    }
    GatewayParentRef first = parents.get(0);
    String firstKey = GatewayObservation.key(first.effectiveNamespace(namespace), first.name());
    Gateway gateway = observed.gateways().get(firstKey);
    Optional<Condition> programmed = condition(gateway.getStatus() == null ? null
        : gateway.getStatus().getConditions(), "Programmed");
    if (programmed.filter(c -> "True".equals(c.getStatus())).isEmpty()) {
      return pending(Reasons.GATEWAY_NOT_PROGRAMMED, "Gateway " + firstKey + " is not programmed: "
          + programmed.map(c -> c.getReason() + ": " + c.getMessage())
              .orElse("waiting for the AWS Load Balancer Controller to provision the ALB"));
    }
    Optional<String> address = hostname(gateway);
    if (address.isEmpty()) {
      return pending(Reasons.ADDRESS_PENDING, "Gateway " + firstKey + " is programmed but has no address yet");
    }
    for (GatewayParentRef parent : parents) {
      boolean accepted = observed.route().flatMap(r -> entryFor(r.getStatus() == null ? null
          : r.getStatus().getParents(), parent, namespace)).flatMap(e -> condition(e.getConditions(), "Accepted"))
          .filter(c -> "True".equals(c.getStatus())).isPresent();
      if (!accepted) {
        return pending(Reasons.ROUTE_PENDING, "waiting for the AWS Load Balancer Controller to accept " + route
            + " on Gateway " + GatewayObservation.key(parent.effectiveNamespace(namespace), parent.name()));
      }
    }
    String url = url(app.getSpec().gateway(), first, gateway, address.get());
    return new Outcome(new Verdict(true, Reasons.ADDRESS_ASSIGNED, "ALB " + address.get() + " of Gateway "
        + firstKey + ", reachable at " + url), address, Optional.of(url));
  }

  private static Outcome pending(String reason, String message) {
    return new Outcome(new Verdict(false, reason, message), Optional.empty(), Optional.empty());
  }

  /** The AWS Load Balancer Controller's entry for this parent; another controller's is not the ALB's answer. */
  private static Optional<RouteParentStatus> entryFor(List<RouteParentStatus> entries, GatewayParentRef parent,
      String routeNamespace) {
    return entryFor(entries, parent, routeNamespace, LBC_ALB_CONTROLLER);
  }

  /** The entry of {@code controller} for this parent in a route's {@code status.parents}. */
  public static Optional<RouteParentStatus> entryFor(List<RouteParentStatus> entries, GatewayParentRef parent,
      String routeNamespace, String controller) {
    if (entries == null) {
      return Optional.empty();
    }
    return entries.stream()
        .filter(e -> controller.equals(e.getControllerName()) && e.getParentRef() != null)
        .filter(e -> parent.name().equals(e.getParentRef().getName())
            && parent.effectiveNamespace(routeNamespace).equals(e.getParentRef().getNamespace() == null
                ? routeNamespace : e.getParentRef().getNamespace())
            && Objects.equals(emptyToNull(parent.sectionName()), emptyToNull(e.getParentRef().getSectionName())))
        .findFirst();
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  /** The condition of this type, if any. */
  public static Optional<Condition> condition(List<Condition> conditions, String type) {
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** The load balancer's DNS name, which the controller writes as the Gateway's Hostname address. */
  public static Optional<String> hostname(Gateway gateway) {
    if (gateway.getStatus() == null || gateway.getStatus().getAddresses() == null) {
      return Optional.empty();
    }
    return gateway.getStatus().getAddresses().stream()
        .filter(a -> "Hostname".equals(a.getType()))
        .map(GatewayStatusAddress::getValue)
        .filter(v -> v != null && !v.isEmpty())
        .findFirst();
  }

  /**
   * https when the listener the route attaches to (or, without a sectionName, any listener) is HTTPS; the first
   * concrete hostname, else the ALB address; the first rule's path.
   */
  static String url(GatewaySpec spec, GatewayParentRef first, Gateway gateway, String address) {
    List<Listener> listeners = gateway.getSpec() == null || gateway.getSpec().getListeners() == null ? List.of()
        : gateway.getSpec().getListeners();
    boolean https = listeners.stream()
        .filter(l -> first.sectionName() == null || first.sectionName().equals(l.getName()))
        .anyMatch(l -> GatewayListener.Protocol.HTTPS.name().equals(l.getProtocol()));
    String host = spec.hostnames() == null ? address : spec.hostnames().stream()
        .filter(h -> !h.startsWith("*")).findFirst().orElse(address);
    String path = spec.rules() == null || spec.rules().isEmpty() ? "/" : spec.rules().get(0).effectivePath();
    return (https ? "https" : "http") + "://" + host + path;
  }
}
