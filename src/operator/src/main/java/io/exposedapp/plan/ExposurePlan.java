package io.exposedapp.plan;

import java.util.List;
import java.util.Optional;

import io.exposedapp.allocation.Allocation;
import io.exposedapp.allocation.PortSource;
import io.exposedapp.api.PortSpec;

/**
 * Everything one reconcile decided before writing anything: the Service name, the nodePort of every port, and what
 * stops the Service from being written. Computed once per reconcile by {@link NodePortPlanner}; the dependents and
 * the status only project it.
 *
 * @param serviceName the Service's name ({@code spec.serviceName}, else the app's name)
 * @param ports every spec port with its allocation outcome, in spec order
 * @param serviceNameTakenBy a Service of that name that this app does not own and may not adopt, never touched
 * @param specProblems what is wrong with the spec beyond what the CRD schema rejects; nothing is allocated then
 * @param ingressName the Ingress's name (the app's name); meaningful when the spec wants an Ingress
 * @param ingressNameTakenBy an Ingress of that name that this app does not own and may not adopt, never touched
 * @param ingressProblems why the wanted Ingress must not be written (lint); empty when it may be
 * @param source where the app's new nodePorts come from: the operator's range, its NodePortPools, or nowhere (ports
 *        kept from before a change of range or pools may lie outside)
 * @param adoptsService the existing Service of that name is taken over by this plan ({@code spec.adopt})
 * @param adoptsIngress the existing Ingress of that name is taken over by this plan ({@code spec.adopt})
 * @param healthCheckNodePort the Service's healthCheckNodePort, allocated like the nodePorts when the Service is a
 *        LoadBalancer with externalTrafficPolicy Local; empty when it needs none
 * @param loadBalancerProblems why the Service must not become (or stay) the app's NLB as the spec says; the Service
 *        is left as it is while there are any
 * @param bindingProblems why the TargetGroupBindings must not be written (lint); empty when they may be
 */
public record ExposurePlan(
    String serviceName,
    List<PlannedPort> ports,
    Optional<Ownership.Taken> serviceNameTakenBy,
    List<String> specProblems,
    String ingressName,
    Optional<Ownership.Taken> ingressNameTakenBy,
    List<String> ingressProblems,
    PortSource source,
    boolean adoptsService,
    boolean adoptsIngress,
    Optional<Allocation> healthCheckNodePort,
    List<String> loadBalancerProblems,
    List<String> bindingProblems) {

  /** The key under which the plan travels from the reconciler to the dependents. */
  public static final String CONTEXT_KEY = "exposedapp.plan";

  public ExposurePlan {
    ports = List.copyOf(ports);
    specProblems = List.copyOf(specProblems);
    ingressProblems = List.copyOf(ingressProblems);
    loadBalancerProblems = List.copyOf(loadBalancerProblems);
    bindingProblems = List.copyOf(bindingProblems);
  }

  /** One spec port and its nodePort outcome. */
  public record PlannedPort(PortSpec spec, Allocation allocation) {

    public Optional<Integer> nodePort() {
      return allocation instanceof Allocation.Assigned a ? Optional.of(a.nodePort()) : Optional.empty();
    }
  }

  /**
   * The ports that keep a nodePort they already had outside where new ones come from (the range or the pools changed
   * since they got it).
   */
  public List<PlannedPort> keptOutsideRange() {
    return ports.stream().filter(p -> p.nodePort().filter(n -> !source.contains(n)).isPresent()).toList();
  }

  /**
   * The Service may be written: the spec is valid, every port (and the health check's, if needed) has a nodePort,
   * the loadBalancer section has no finding, and the name is ours.
   */
  public boolean serviceWritable() {
    return specProblems.isEmpty() && serviceNameTakenBy.isEmpty() && allPortsAssigned()
        && healthCheckNodePort.map(Allocation.Assigned.class::isInstance).orElse(true)
        && loadBalancerProblems.isEmpty();
  }

  /** The TargetGroupBindings may be written: the Service may, and their lint found nothing. */
  public boolean bindingsWritable() {
    return serviceWritable() && bindingProblems.isEmpty();
  }

  /** The healthCheckNodePort planned, if the Service needs one and it is assigned. */
  public Optional<Integer> assignedHealthCheckNodePort() {
    return healthCheckNodePort.filter(Allocation.Assigned.class::isInstance)
        .map(a -> ((Allocation.Assigned) a).nodePort());
  }

  /** The Ingress may be written: the Service may, the lint found nothing, and the name is ours. */
  public boolean ingressWritable() {
    return serviceWritable() && ingressProblems.isEmpty() && ingressNameTakenBy.isEmpty();
  }

  /** A port is refused only because of a holder the informer has not shown yet: plan again shortly. */
  public boolean blockedByUnseenHolder() {
    return java.util.stream.Stream.concat(ports.stream().map(PlannedPort::allocation), healthCheckNodePort.stream())
        .anyMatch(a -> a instanceof Allocation.Conflict c && c.holder().equals(NodePortPlanner.UNSEEN_HOLDER));
  }

  public boolean allPortsAssigned() {
    return !ports.isEmpty() && ports.stream().allMatch(p -> p.allocation() instanceof Allocation.Assigned);
  }

  /** The nodePort planned for a port name. */
  public int nodePort(String portName) {
    return ports.stream()
        .filter(p -> p.spec().name().equals(portName))
        .flatMap(p -> p.nodePort().stream())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no nodePort planned for port " + portName));
  }
}
