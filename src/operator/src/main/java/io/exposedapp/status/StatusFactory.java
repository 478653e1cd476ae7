package io.exposedapp.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.exposedapp.allocation.Allocation;
import io.exposedapp.allocation.PortSource;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppStatus;
import io.exposedapp.api.IngressRule;
import io.exposedapp.api.IngressSpec;
import io.exposedapp.api.NodePortStatus;
import io.exposedapp.gateway.GatewayObservation;
import io.exposedapp.plan.ExposurePlan;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

/**
 * The ExposedApp's status for a reconcile outcome: the allocated ports and the conditions that explain them. Pure
 * apart from the injected clock (through {@link Conditions}), so the same outcome yields an equal status.
 */
public final class StatusFactory {

  /** Part of the PortsAllocated message when ports are kept outside a changed range. */
  public static final String OUTSIDE_RANGE = "lie outside the operator's nodePort range";
  /** Part of the PortsAllocated message when ports are kept outside the app's pools (they changed). */
  public static final String OUTSIDE_POOLS = "lie outside the NodePortPools the app may use";

  private final Conditions conditions;

  public StatusFactory(Conditions conditions) {
    this.conditions = conditions;
  }

  /** What happened to the writes of this reconcile. */
  public sealed interface WriteOutcome {
    /** Everything the plan allowed was applied (or already matched). */
    record Applied() implements WriteOutcome {
    }

    /** The plan did not allow writing the Service (nor, then, the Ingress). */
    record NotWritten() implements WriteOutcome {
    }

    /** The API server refused or failed the Service write. */
    record ServiceFailed(String message) implements WriteOutcome {
    }

    /** The Service was applied, the Ingress write failed. */
    record IngressFailed(String message) implements WriteOutcome {
    }

    /** The Service was applied, a write of the Gateway API objects failed. */
    record GatewayFailed(String message) implements WriteOutcome {
    }

    /** The Service was applied, a write of a TargetGroupBinding failed. */
    record BindingsFailed(String message) implements WriteOutcome {
    }
  }

  /**
   * The status for this outcome.
   *
   * @param ingress the app's Ingress as the informer sees it, if any (its status carries the ALB address)
   */
  public ExposedAppStatus status(ExposedApp app, ExposurePlan plan, WriteOutcome outcome,
      Optional<Ingress> ingress) {
    return status(app, plan, outcome, ingress, GatewayObservation.none());
  }

  /**
   * The status for this outcome.
   *
   * @param ingress the app's Ingress as the informer sees it, if any (its status carries the ALB address)
   * @param gateway the app's Gateway API objects as the informers see them, with the plan they were written from
   */
  public ExposedAppStatus status(ExposedApp app, ExposurePlan plan, WriteOutcome outcome,
      Optional<Ingress> ingress, GatewayObservation gateway) {
    return status(app, plan, outcome, ingress, gateway, List.of());
  }

  /**
   * The status for this outcome.
   *
   * @param ingress the app's Ingress as the informer sees it, if any (its status carries the ALB address)
   * @param gateway the app's Gateway API objects as the informers see them, with the plan they were written from
   * @param exposures the conditions of the other ways in the app asks for ({@link ConditionTypes#EXPOSURES}); those
   *     of the others are removed
   */
  public ExposedAppStatus status(ExposedApp app, ExposurePlan plan, WriteOutcome outcome,
      Optional<Ingress> ingress, GatewayObservation gateway, List<Exposure> exposures) {
    long generation = app.getMetadata().getGeneration() == null ? 0 : app.getMetadata().getGeneration();
    List<Condition> previous = app.getStatus() == null || app.getStatus().conditions() == null ? List.of()
        : app.getStatus().conditions();

    boolean wantsIngress = app.getSpec() != null && app.getSpec().wantsIngress();
    Optional<String> address = wantsIngress ? ingress.flatMap(StatusFactory::albHostname) : Optional.empty();
    Verdict ports = portsVerdict(plan);
    Verdict svc = serviceVerdict(app, plan, outcome);
    Verdict alb = wantsIngress ? ingressVerdict(app, plan, outcome, address) : null;
    boolean wantsGateway = app.getSpec() != null && app.getSpec().wantsGateway();
    GatewayReadiness.Outcome viaGateway = wantsGateway ? GatewayReadiness.of(app, plan, outcome, gateway) : null;
    // with both (a move from Ingress to Gateway), the address stays the Ingress's until the Ingress is removed
    Optional<String> url = address.map(a -> url(app, a));
    if (viaGateway != null && !wantsIngress) {
      address = viaGateway.address();
      url = viaGateway.url();
    }
    if (!wantsIngress && viaGateway == null) {
      // the app's NLB, reached at host:port
      for (Exposure exposure : exposures) {
        if (exposure.address().isPresent()) {
          address = exposure.address();
          url = exposure.url();
          break;
        }
      }
    }
    Verdict ready;
    if (!ports.ok()) {
      ready = ports;
    } else if (!svc.ok()) {
      ready = svc;
    } else if (alb != null && !alb.ok()) {
      ready = alb;
    } else if (viaGateway != null && !viaGateway.verdict().ok()) {
      ready = viaGateway.verdict();
    } else if (exposures.stream().anyMatch(e -> !e.verdict().ok())) {
      ready = exposures.stream().filter(e -> !e.verdict().ok()).findFirst().orElseThrow().verdict();
    } else {
      ready = new Verdict(true, Reasons.READY, url.map(u -> "reachable at " + u)
          .orElse("reachable on every node at " + summary(plan)));
    }

    List<Condition> next = conditions.set(previous, ConditionTypes.PORTS_ALLOCATED, ports.ok(), ports.reason(),
        ports.message(), generation);
    next = conditions.set(next, ConditionTypes.SERVICE_READY, svc.ok(), svc.reason(), svc.message(), generation);
    next = alb == null ? Conditions.remove(next, ConditionTypes.INGRESS_READY)
        : conditions.set(next, ConditionTypes.INGRESS_READY, alb.ok(), alb.reason(), alb.message(), generation);
    next = viaGateway == null ? Conditions.remove(next, ConditionTypes.GATEWAY_READY)
        : conditions.set(next, ConditionTypes.GATEWAY_READY, viaGateway.verdict().ok(),
            viaGateway.verdict().reason(), viaGateway.verdict().message(), generation);
    for (String type : ConditionTypes.EXPOSURES) {
      Optional<Exposure> exposure = exposures.stream().filter(e -> e.type().equals(type)).findFirst();
      next = exposure.isEmpty() ? Conditions.remove(next, type)
          : conditions.set(next, type, exposure.get().verdict().ok(), exposure.get().verdict().reason(),
              exposure.get().verdict().message(), generation);
    }
    next = conditions.set(next, ConditionTypes.READY, ready.ok(), ready.reason(), ready.message(), generation);

    List<NodePortStatus> nodePorts = new ArrayList<>();
    for (ExposurePlan.PlannedPort p : plan.ports()) {
      p.nodePort().ifPresent(n -> nodePorts.add(new NodePortStatus(p.spec().name(), p.spec().port(),
          p.spec().effectiveProtocol(), n)));
    }
    return new ExposedAppStatus(generation, plan.serviceName(), nodePorts.isEmpty() ? null : nodePorts,
        nodePorts.isEmpty() ? null : ExposedAppStatus.summarize(nodePorts),
        plan.assignedHealthCheckNodePort().orElse(null), address.orElse(null), url.orElse(null), next);
  }

  /** A condition's outcome before it becomes a {@link Condition}. */
  public record Verdict(boolean ok, String reason, String message) {
  }

  /**
   * The condition of a way in beyond the Service, Ingress and Gateway (the app's NLB, its target group bindings),
   * computed by its own package; {@code address} is the load balancer's, if it reports one.
   */
  public record Exposure(String type, Verdict verdict, Optional<String> address, Optional<String> url) {
  }

  private static Verdict portsVerdict(ExposurePlan plan) {
    if (!plan.specProblems().isEmpty()) {
      return new Verdict(false, Reasons.INVALID_SPEC, String.join("; ", plan.specProblems()));
    }
    List<String> conflicts = new ArrayList<>();
    List<String> outOfRange = new ArrayList<>();
    List<String> exhausted = new ArrayList<>();
    List<String> overQuota = new ArrayList<>();
    List<String> noPool = new ArrayList<>();
    List<Map.Entry<String, Allocation>> allocations = new ArrayList<>();
    plan.ports().forEach(p -> allocations.add(Map.entry("port " + p.spec().name(), p.allocation())));
    plan.healthCheckNodePort().ifPresent(a -> allocations.add(Map.entry("the health check (spec.healthCheckNodePort "
        + "of a LoadBalancer Service with externalTrafficPolicy Local)", a)));
    for (Map.Entry<String, Allocation> p : allocations) {
      String name = p.getKey();
      Allocation a = p.getValue();
      if (a instanceof Allocation.Conflict c) {
        conflicts.add("nodePort " + c.nodePort() + " of " + name + " is already used by " + c.holder());
      } else if (a instanceof Allocation.OutOfRange o) {
        outOfRange.add("nodePort " + o.nodePort() + " of " + name + " is outside " + o.source().describe());
      } else if (a instanceof Allocation.NoPool) {
        noPool.add(name);
      } else if (a instanceof Allocation.Exhausted e) {
        exhausted.add("no free nodePort left in " + e.source() + " for " + name);
      } else if (a instanceof Allocation.QuotaExceeded q) {
        overQuota.add(name + " would exceed " + q.band().name() + "'s limit of " + q.band().limit()
            + " nodePorts per namespace (the namespace holds " + q.band().held() + ")");
      }
    }
    if (!conflicts.isEmpty()) {
      return new Verdict(false, Reasons.NODE_PORT_CONFLICT, String.join("; ", conflicts));
    }
    if (!outOfRange.isEmpty()) {
      return new Verdict(false, Reasons.NODE_PORT_OUT_OF_RANGE, String.join("; ", outOfRange));
    }
    if (!noPool.isEmpty()) {
      // every NoPool of a plan carries the plan's one refusal
      PortSource.Refusal refusal = plan.source().refusal();
      return new Verdict(false, refusal.reason(), String.join(", ", noPool) + " can get no nodePort: "
          + refusal.message() + "; the ports it holds are kept");
    }
    if (!overQuota.isEmpty()) {
      return new Verdict(false, Reasons.NODE_PORT_QUOTA_EXCEEDED, String.join("; ", overQuota)
          + "; the ports it holds are kept");
    }
    if (!exhausted.isEmpty()) {
      return new Verdict(false, Reasons.NODE_PORT_RANGE_EXHAUSTED, String.join("; ", exhausted)
          + "; waiting for a port to be freed");
    }
    return new Verdict(true, Reasons.ALLOCATED, summary(plan) + keptOutsideRange(plan));
  }

  /** Ports kept outside a changed range, said in the PortsAllocated message (and so on kubectl describe). */
  private static String keptOutsideRange(ExposurePlan plan) {
    String kept = plan.keptOutsideRange().stream()
        .map(p -> p.spec().name() + ":" + p.nodePort().orElseThrow())
        .collect(Collectors.joining(","));
    if (kept.isEmpty()) {
      return "";
    }
    PortSource source = plan.source();
    String where = source.isOperatorRange() ? OUTSIDE_RANGE + " " + source
        : source.refusal() == null ? OUTSIDE_POOLS + " " + source
        : OUTSIDE_POOLS + " (" + source.refusal().message() + ")";
    return "; " + kept + " " + where + " and kept, because a moved nodePort breaks the ALB target group behind it";
  }

  private static Verdict serviceVerdict(ExposedApp app, ExposurePlan plan, WriteOutcome outcome) {
    String service = "Service " + app.getMetadata().getNamespace() + "/" + plan.serviceName();
    if (plan.serviceNameTakenBy().isPresent()) {
      return new Verdict(false, Reasons.SERVICE_NAME_TAKEN, plan.serviceNameTakenBy().get()
          .describe("Set spec.serviceName to another name"));
    }
    if (outcome instanceof WriteOutcome.ServiceFailed f) {
      return new Verdict(false, Reasons.SERVICE_APPLY_FAILED, "writing " + service + " failed: " + f.message());
    }
    if (outcome instanceof WriteOutcome.NotWritten && plan.allPortsAssigned()
        && !plan.loadBalancerProblems().isEmpty()) {
      return new Verdict(false, Reasons.SERVICE_PENDING, service + " is not written while spec.loadBalancer has "
          + "findings (LoadBalancerReady says which); an existing one is left as it is");
    }
    if (outcome instanceof WriteOutcome.NotWritten) {
      return new Verdict(false, Reasons.SERVICE_PENDING, service + " is not written until every port has a "
          + "nodePort; an existing one is left as it is");
    }
    return new Verdict(true, Reasons.SERVICE_APPLIED, service + " has the allocated nodePorts");
  }

  private static Verdict ingressVerdict(ExposedApp app, ExposurePlan plan, WriteOutcome outcome,
      Optional<String> address) {
    String ingress = "Ingress " + app.getMetadata().getNamespace() + "/" + plan.ingressName();
    if (!plan.ingressProblems().isEmpty()) {
      return new Verdict(false, Reasons.INGRESS_INVALID, String.join("; ", plan.ingressProblems())
          + "; the Ingress is not written");
    }
    if (plan.ingressNameTakenBy().isPresent()) {
      return new Verdict(false, Reasons.INGRESS_NAME_TAKEN, plan.ingressNameTakenBy().get()
          .describe("Rename the ExposedApp (the Ingress has its name) or remove spec.ingress"));
    }
    if (!plan.serviceWritable()) {
      return new Verdict(false, Reasons.INGRESS_PENDING, ingress + " waits for the Service");
    }
    if (outcome instanceof WriteOutcome.IngressFailed f) {
      return new Verdict(false, Reasons.INGRESS_APPLY_FAILED, "writing " + ingress + " failed: " + f.message());
    }
    return address.map(a -> new Verdict(true, Reasons.ADDRESS_ASSIGNED, "ALB " + a))
        .orElseGet(() -> new Verdict(false, Reasons.ADDRESS_PENDING, "waiting for the AWS Load Balancer Controller "
            + "to provision the ALB for " + ingress));
  }

  /** The hostname the AWS Load Balancer Controller writes once the ALB exists. */
  public static Optional<String> albHostname(Ingress ingress) {
    if (ingress.getStatus() == null || ingress.getStatus().getLoadBalancer() == null) {
      return Optional.empty();
    }
    return ingress.getStatus().getLoadBalancer().getIngress().stream()
        .map(i -> i.getHostname() != null && !i.getHostname().isEmpty() ? i.getHostname() : i.getIp())
        .filter(h -> h != null && !h.isEmpty())
        .findFirst();
  }

  /** https with certificates, the first rule's concrete host (else the ALB address), the first rule's path. */
  static String url(ExposedApp app, String address) {
    IngressSpec spec = app.getSpec().ingress();
    String scheme = spec.hasCertificates() ? "https" : "http";
    Optional<IngressRule> first = spec.rules() == null ? Optional.empty() : spec.rules().stream().findFirst();
    String host = first.map(IngressRule::host).filter(h -> h != null && !h.startsWith("*")).orElse(address);
    String path = first.map(IngressRule::effectivePath).orElse("/");
    return scheme + "://" + host + path;
  }

  private static String summary(ExposurePlan plan) {
    return plan.ports().stream()
        .filter(p -> p.nodePort().isPresent())
        .map(p -> p.spec().name() + ":" + p.nodePort().get())
        .collect(Collectors.joining(","));
  }
}
