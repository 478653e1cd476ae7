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
import io.exposedapp.api.NodePortStatus;
import io.exposedapp.plan.ExposurePlan;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.fabric8.kubernetes.api.model.Condition;

/**
 * The ExposedApp's status for a reconcile outcome: the allocated ports and the conditions that explain them, the
 * nodePorts and the Service judged here, each way in (Ingress, Gateway API, NLB, target group bindings) by its own
 * package and assembled here. Pure apart from the injected clock (through {@link Conditions}), so the same outcome
 * yields an equal status.
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
   * @param waysIn the conditions of the ways in the app asks for ({@link ConditionTypes#WAYS_IN}), each judged by its
   *     own package; those of the others are removed. The first that gives the app an address (in that order: the
   *     Ingress, the Gateway, the NLB) gives it, even before it has one: during a move from Ingress to Gateway, the
   *     address stays the Ingress's until the Ingress is removed.
   */
  public ExposedAppStatus status(ExposedApp app, ExposurePlan plan, WriteOutcome outcome, List<Exposure> waysIn) {
    long generation = app.getMetadata().getGeneration() == null ? 0 : app.getMetadata().getGeneration();
    List<Condition> previous = app.getStatus() == null || app.getStatus().conditions() == null ? List.of()
        : app.getStatus().conditions();

    Verdict ports = portsVerdict(plan);
    Verdict svc = serviceVerdict(app, plan, outcome);
    List<Exposure> ordered = ConditionTypes.WAYS_IN.stream()
        .flatMap(type -> waysIn.stream().filter(e -> e.type().equals(type)).limit(1)).toList();
    Optional<Exposure> addressing = ordered.stream().filter(Exposure::addresses).findFirst();
    Optional<String> address = addressing.flatMap(Exposure::address);
    Optional<String> url = addressing.flatMap(Exposure::url);
    Verdict ready;
    if (!ports.ok()) {
      ready = ports;
    } else if (!svc.ok()) {
      ready = svc;
    } else {
      ready = ordered.stream().map(Exposure::verdict).filter(v -> !v.ok()).findFirst()
          .orElseGet(() -> new Verdict(true, Reasons.READY, url.map(u -> "reachable at " + u)
              .orElse("reachable on every node at " + summary(plan))));
    }

    List<Condition> next = conditions.set(previous, ConditionTypes.PORTS_ALLOCATED, ports.ok(), ports.reason(),
        ports.message(), generation);
    next = conditions.set(next, ConditionTypes.SERVICE_READY, svc.ok(), svc.reason(), svc.message(), generation);
    for (String type : ConditionTypes.WAYS_IN) {
      Optional<Exposure> wayIn = ordered.stream().filter(e -> e.type().equals(type)).findFirst();
      next = wayIn.isEmpty() ? Conditions.remove(next, type)
          : conditions.set(next, type, wayIn.get().verdict().ok(), wayIn.get().verdict().reason(),
              wayIn.get().verdict().message(), generation);
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
   * The condition of one way in (the Ingress, the Gateway API objects, the app's NLB, its target group bindings),
   * judged by its own package.
   *
   * @param addresses this way in gives the app its address (a load balancer of its own or attached to)
   * @param address the load balancer's address, once its controller reports one
   * @param url where to reach the app through it, once it has an address
   */
  public record Exposure(String type, Verdict verdict, boolean addresses, Optional<String> address,
      Optional<String> url) {
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

  private static String summary(ExposurePlan plan) {
    return plan.ports().stream()
        .filter(p -> p.nodePort().isPresent())
        .map(p -> p.spec().name() + ":" + p.nodePort().get())
        .collect(Collectors.joining(","));
  }
}
