package io.exposedapp.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.exposedapp.api.AlbScheme;
import io.exposedapp.api.ExposedAppSpec;
import io.exposedapp.api.LoadBalancerSpec;
import io.exposedapp.api.NlbGatewayRoute;
import io.exposedapp.api.NlbGatewaySpec;
import io.exposedapp.api.PortSpec;
import io.exposedapp.api.Protocol;
import io.exposedapp.gateway.l4.NlbGatewayLint;

/**
 * {@code spec.loadBalancer} to {@code spec.nlbGateway}: the same NLB as a Gateway of the app's own, one route per
 * port on a listener of the Service port's number, with the same scheme, subnets, addresses, security groups, tags,
 * health check and attributes, for an app that keeps its NLB Service until clients use the new NLB. A pure function;
 * what has no equivalent is named, and the section is left out when the NLB cannot be expressed.
 */
public final class NlbGatewayMigration {

  /**
   * @param nlbGateway the section, or empty when the NLB cannot be expressed
   * @param notCarried what the section does not say that the loadBalancer section did, one message each
   */
  public record Result(Optional<NlbGatewaySpec> nlbGateway, List<String> notCarried) {
  }

  private NlbGatewayMigration() {
  }

  public static Result of(ExposedAppSpec app) {
    LoadBalancerSpec lb = app.loadBalancer();
    List<String> notCarried = new ArrayList<>();
    if (lb.annotations() != null) {
      lb.annotations().keySet().forEach(key -> notCarried.add("spec.loadBalancer.annotations." + key + " is not "
          + "carried to spec.nlbGateway: a Service annotation has no Gateway API field here"));
    }
    if (lb.tls() != null) {
      notCarried.add("spec.loadBalancer.tls is not carried to spec.nlbGateway: a TLSRoute needs host names, which an "
          + "NLB Service does not have; spec.nlbGateway is left out: write it by hand with routes[].tls.hostnames "
          + "and certificateArns");
      return new Result(Optional.empty(), List.copyOf(notCarried));
    }
    List<NlbGatewayRoute> routes = new ArrayList<>();
    for (PortSpec port : app.ports()) {
      if (port != null && port.effectiveProtocol() != Protocol.SCTP) {
        routes.add(new NlbGatewayRoute(port.name(), null, null, null));
      }
    }
    NlbGatewaySpec section = new NlbGatewaySpec(lb.enabled(), routes, lb.healthCheck(), lb.targetGroupAttributes(),
        lb.targetNodeLabels(), null, lb.scheme(), lb.sourceRanges(), lb.subnets(), lb.eipAllocations(),
        lb.privateIpv4Addresses(), lb.ipAddressType(), lb.securityGroups(), lb.tags(), lb.attributes(), null, null);
    List<String> lint = NlbGatewayLint.problems(app.withNlbGateway(section), AlbScheme.INTERNAL);
    if (!lint.isEmpty()) {
      lint.forEach(problem -> notCarried.add("spec.nlbGateway would be refused: " + problem));
      return new Result(Optional.empty(), List.copyOf(notCarried));
    }
    return new Result(Optional.of(section), List.copyOf(notCarried));
  }
}
