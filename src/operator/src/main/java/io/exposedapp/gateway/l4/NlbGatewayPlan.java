package io.exposedapp.gateway.l4;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.exposedapp.api.AlbScheme;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.GatewayParentRef;
import io.exposedapp.api.NlbGatewayRoute;
import io.exposedapp.api.NlbGatewaySpec;
import io.exposedapp.api.PortSpec;
import io.exposedapp.api.Protocol;
import io.exposedapp.gateway.ServedGatewayApis;
import io.exposedapp.plan.ExposurePlan;

/**
 * What one reconcile decided about the app's NLB Gateway objects before writing anything: whether they are wanted,
 * the route of each port (its kind, name, listener), whether the cluster serves what they need, and what is wrong
 * with the section. The dependents only project it.
 *
 * @param wanted the section is present and not disabled
 * @param gatewayApis Gateway API's standard kinds and the AWS Load Balancer Controller's (TargetGroupConfiguration)
 * @param routeApis the layer-4 route kinds served, each in its newest version
 * @param problems why nothing may be written (lint); empty when it may
 * @param className the own Gateway's gatewayClassName (the section's, else the operator's default)
 * @param scheme the own NLB's scheme (the section's, else the operator's default)
 * @param routes one per valid entry of {@code routes}, in spec order
 */
public record NlbGatewayPlan(boolean wanted, ServedGatewayApis gatewayApis, ServedL4Routes routeApis,
    List<String> problems, String className, AlbScheme scheme, List<PlannedRoute> routes) {

  /** The key under which the plan travels from the reconciler to the dependents. */
  public static final String CONTEXT_KEY = "exposedapp.nlbGatewayPlan";
  /** The key of the {@link io.exposedapp.gateway.GatewayWrites} of these dependents. */
  public static final String WRITES_KEY = "exposedapp.nlbGatewayWrites";

  public NlbGatewayPlan {
    problems = List.copyOf(problems);
    routes = List.copyOf(routes);
  }

  /**
   * One port's route.
   *
   * @param name the route's name, {@code <app>-<port>}
   * @param port the spec port it sends traffic to (its Service port)
   * @param parent the listener it attaches to: the section's parentRef, or the own Gateway's listener of the port
   * @param own on the app's own NLB Gateway
   * @param listenerPort the own Gateway's listener port (the entry's, else the Service port); 0 for a shared one
   * @param hostnames a TLSRoute's host names; empty for the others
   */
  public record PlannedRoute(String name, L4RouteKind kind, PortSpec port, GatewayParentRef parent, boolean own,
      int listenerPort, List<String> hostnames) {

    public PlannedRoute {
      hostnames = List.copyOf(hostnames);
    }

    /** The listener's protocol: TLS, else the port's. */
    public String listenerProtocol() {
      return kind == L4RouteKind.TLS ? "TLS" : port.effectiveProtocol().name();
    }
  }

  /** The plan for an app, from its spec, what the cluster serves and the operator's defaults. */
  public static NlbGatewayPlan of(ExposedApp app, ServedGatewayApis gatewayApis, ServedL4Routes routeApis,
      AlbScheme defaultScheme, String defaultClass) {
    if (app.getSpec() == null || !app.getSpec().wantsNlbGateway()) {
      return new NlbGatewayPlan(false, gatewayApis, routeApis, List.of(), defaultClass, defaultScheme, List.of());
    }
    NlbGatewaySpec section = app.getSpec().nlbGateway();
    String appName = app.getMetadata().getName();
    List<PlannedRoute> routes = new ArrayList<>();
    for (NlbGatewayRoute entry : section.routeList()) {
      if (entry == null || app.getSpec().ports() == null) {
        continue;
      }
      Optional<PortSpec> port = app.getSpec().ports().stream()
          .filter(p -> p != null && p.name().equals(entry.port())).findFirst();
      if (port.isEmpty() || port.get().effectiveProtocol() == Protocol.SCTP) {
        continue; // the lint names it
      }
      L4RouteKind kind = entry.tls() != null ? L4RouteKind.TLS
          : port.get().effectiveProtocol() == Protocol.UDP ? L4RouteKind.UDP : L4RouteKind.TCP;
      GatewayParentRef parent = entry.onOwnGateway()
          ? new GatewayParentRef(NlbGatewaySpec.ownGatewayName(appName), null, entry.port()) : entry.parentRef();
      routes.add(new PlannedRoute(appName + "-" + entry.port(), kind, port.get(), parent, entry.onOwnGateway(),
          entry.onOwnGateway() ? (entry.listenerPort() != null ? entry.listenerPort() : port.get().port()) : 0,
          entry.tls() == null || entry.tls().hostnames() == null ? List.of() : entry.tls().hostnames()));
    }
    String className = section.className() != null && !section.className().isBlank() ? section.className()
        : defaultClass;
    return new NlbGatewayPlan(true, gatewayApis, routeApis, NlbGatewayLint.problems(app.getSpec(), defaultScheme),
        className, section.scheme() != null ? section.scheme() : defaultScheme, routes);
  }

  /** Some route is on the app's own NLB Gateway. */
  public boolean ownGateway() {
    return routes.stream().anyMatch(PlannedRoute::own);
  }

  /** The route kinds this app needs. */
  public Set<L4RouteKind> kinds() {
    Set<L4RouteKind> kinds = EnumSet.noneOf(L4RouteKind.class);
    routes.forEach(r -> kinds.add(r.kind()));
    return kinds;
  }

  /** The routes of one kind, in spec order. */
  public List<PlannedRoute> routes(L4RouteKind kind) {
    return routes.stream().filter(r -> r.kind() == kind).toList();
  }

  /** What the cluster lacks for this app's objects, if it wants them. */
  public Optional<String> missingApis() {
    if (!wanted) {
      return Optional.empty();
    }
    List<String> missing = new ArrayList<>();
    gatewayApis.missing().ifPresent(missing::add);
    routeApis.missing(kinds()).ifPresent(missing::add);
    return missing.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", missing));
  }

  /** The objects may be written: wanted, served, lint clean, and the Service may be written. */
  public boolean writable(ExposurePlan plan) {
    return wanted && missingApis().isEmpty() && problems.isEmpty() && plan.serviceWritable();
  }
}
