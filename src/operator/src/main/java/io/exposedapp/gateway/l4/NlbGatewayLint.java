package io.exposedapp.gateway.l4;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.exposedapp.api.AlbScheme;
import io.exposedapp.api.ExposedAppSpec;
import io.exposedapp.api.ExternalTrafficPolicy;
import io.exposedapp.api.NlbGatewayRoute;
import io.exposedapp.api.NlbGatewaySpec;
import io.exposedapp.api.PortSpec;
import io.exposedapp.api.Protocol;
import io.exposedapp.ingress.IngressLint;
import io.exposedapp.nlb.LoadBalancerLint;

/**
 * Why an app's NLB Gateway objects must not be written: what the schema rejects on a real API server (checked again,
 * as test API servers let it through), what Gateway API's CEL rules would refuse, and what the AWS Load Balancer
 * Controller would get wrong without a word (it routes one route per listener port, and finds a Service port by its
 * number alone). Each problem starts with its field path.
 */
public final class NlbGatewayLint {

  private static final String AT = "spec.nlbGateway";

  private NlbGatewayLint() {
  }

  /** Problems of the spec's nlbGateway section; empty when it may be written or is not wanted. */
  public static List<String> problems(ExposedAppSpec spec, AlbScheme defaultScheme) {
    if (spec == null || !spec.wantsNlbGateway() || spec.ports() == null) {
      return List.of();
    }
    NlbGatewaySpec section = spec.nlbGateway();
    List<String> problems = new ArrayList<>();
    if (spec.externalTrafficPolicy() == ExternalTrafficPolicy.Local && !spec.wantsLoadBalancer()) {
      problems.add("spec.externalTrafficPolicy: Local needs the Service's healthCheckNodePort for the NLB's health "
          + "check, which only a LoadBalancer Service has: use Cluster, or add spec.loadBalancer");
    }
    if (section.routeList().isEmpty()) {
      problems.add(AT + ".routes: needs at least one entry (a port and the listener it is routed from)");
    }
    routes(spec, section, problems);
    LoadBalancerLint.healthCheck(AT + ".healthCheck", section.healthCheck(), problems);
    if (section.ownsGateway()) {
      LoadBalancerLint.addressing(AT, section.scheme(), defaultScheme, section.eipAllocations(),
          section.privateIpv4Addresses(), section.subnets(), section.sourceRanges(), section.ipAddressType(),
          problems);
      IngressLint.certificateArns(AT + ".certificateArns", section.certificateArns(), problems);
      boolean ownTls = section.routeList().stream().anyMatch(r -> r != null && r.onOwnGateway() && r.tls() != null);
      boolean certificates = section.certificateArns() != null && !section.certificateArns().isEmpty();
      if (ownTls && !certificates) {
        problems.add(AT + ".certificateArns: a route with tls on the app's own NLB Gateway needs the certificates "
            + "of its TLS listener");
      } else if (!ownTls && certificates) {
        problems.add(AT + ".certificateArns: no route on the app's own NLB Gateway has tls; the certificates would "
            + "serve no listener");
      }
    } else if (section.setsOwnNlbFields()) {
      problems.add(AT + ": className, scheme, sourceRanges, subnets, eipAllocations, privateIpv4Addresses, "
          + "ipAddressType, securityGroups, tags, attributes, loadBalancerName and certificateArns describe an NLB of "
          + "the app's own, and every route has a parentRef: the shared Gateways' owners decide them");
    }
    return problems;
  }

  private static void routes(ExposedAppSpec spec, NlbGatewaySpec section, List<String> problems) {
    Map<String, PortSpec> ports = IngressLint.portsByName(spec);
    Set<String> seenPorts = new HashSet<>();
    Map<String, Integer> listeners = new HashMap<>();
    Map<Integer, Integer> ownListenerPorts = new HashMap<>();
    List<NlbGatewayRoute> routes = section.routeList();
    for (int i = 0; i < routes.size(); i++) {
      NlbGatewayRoute route = routes.get(i);
      String at = AT + ".routes[" + i + "]";
      if (route == null || route.port() == null) {
        problems.add(at + ": needs a port (a name of spec.ports)");
        continue;
      }
      if (!seenPorts.add(route.port())) {
        problems.add(at + ".port \"" + route.port() + "\": routed twice; each port has one route");
      }
      PortSpec port = ports.get(route.port());
      if (port == null) {
        problems.add(at + ".port \"" + route.port() + "\": not a port of spec.ports");
        continue;
      }
      if (port.effectiveProtocol() == Protocol.SCTP) {
        problems.add(at + ".port \"" + route.port() + "\": an SCTP port; an NLB Gateway listens on TCP and UDP only");
        continue;
      }
      if (route.tls() != null && port.effectiveProtocol() != Protocol.TCP) {
        problems.add(at + ".tls: port \"" + route.port() + "\" is " + port.effectiveProtocol() + "; only a TCP port "
            + "can be behind a TLS listener");
      }
      if (route.tls() != null && (route.tls().hostnames() == null || route.tls().hostnames().isEmpty())) {
        problems.add(at + ".tls.hostnames: a TLSRoute needs at least one host name");
      }
      sharedNumber(spec, port).ifPresent(other -> problems.add(at + ".port \"" + route.port() + "\": the Service "
          + "also has " + other.effectiveProtocol() + " port \"" + other.name() + "\" on " + port.port() + ", and "
          + "the AWS Load Balancer Controller finds a route's Service port by its number alone (it could send this "
          + "route to the other port's nodePort); give one of them another port number"));
      if (route.onOwnGateway()) {
        int listenerPort = route.listenerPort() != null ? route.listenerPort() : port.port();
        Integer first = ownListenerPorts.putIfAbsent(listenerPort, i);
        if (first != null) {
          problems.add(at + ": listens on " + listenerPort + " like routes[" + first + "] on the app's own NLB "
              + "Gateway; the controller sends a listener port's traffic to one route only: set listenerPort");
        }
      } else {
        if (route.parentRef().name() == null || route.parentRef().sectionName() == null
            || route.parentRef().sectionName().isEmpty()) {
          problems.add(at + ".parentRef: needs name and sectionName (the listener of the shared NLB Gateway)");
          continue;
        }
        if (route.listenerPort() != null) {
          problems.add(at + ".listenerPort: only for a listener of the app's own NLB Gateway; the shared Gateway's "
              + "listener decides its port");
        }
        String listener = route.parentRef().effectiveNamespace("") + "/" + route.parentRef().name() + "/"
            + route.parentRef().sectionName();
        Integer first = listeners.putIfAbsent(listener, i);
        if (first != null) {
          problems.add(at + ".parentRef: the same listener as routes[" + first + "]; the controller sends a "
              + "listener's traffic to one route only (the oldest)");
        }
      }
    }
  }

  /** Another port of the app with the same number and another protocol. */
  private static java.util.Optional<PortSpec> sharedNumber(ExposedAppSpec spec, PortSpec port) {
    return spec.ports().stream().filter(p -> p != null && p != port && p.port() == port.port()
        && p.effectiveProtocol() != port.effectiveProtocol()).findFirst();
  }
}
