package io.exposedapp.nlb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.exposedapp.ingress.IngressLint;
import io.exposedapp.lbc.Cidrs;
import io.exposedapp.api.AlbScheme;
import io.exposedapp.api.ExposedAppSpec;
import io.exposedapp.api.LoadBalancerHealthCheck;
import io.exposedapp.api.LoadBalancerSpec;
import io.exposedapp.api.PortSpec;
import io.exposedapp.api.Protocol;

/**
 * Why an app's Service must not become (or stay) its NLB as the spec says: what the AWS Load Balancer Controller or
 * the NLB would refuse or silently do otherwise, found before anything is written. While there is a finding the
 * Service is left exactly as it is, so that a typo in an edit never tears down a working NLB.
 *
 * <p>Every problem is one line that starts with the field path.
 */
public final class LoadBalancerLint {

  private static final String AT = "spec.loadBalancer";

  private LoadBalancerLint() {
  }

  /** Human-readable problems of the loadBalancer section; empty when it may be written or is not wanted. */
  public static List<String> problems(ExposedAppSpec spec, AlbScheme defaultScheme) {
    if (spec == null || !spec.wantsLoadBalancer() || spec.ports() == null) {
      return List.of();
    }
    LoadBalancerSpec lb = spec.loadBalancer();
    List<String> problems = new ArrayList<>();
    ports(spec, problems);
    addressing(AT, lb.scheme(), defaultScheme, lb.eipAllocations(), lb.privateIpv4Addresses(), lb.subnets(),
        lb.sourceRanges(), lb.ipAddressType(), problems);
    tls(spec, problems);
    healthCheck(AT + ".healthCheck", lb.healthCheck(), problems);
    annotations(spec, problems);
    return problems;
  }

  /** An NLB listens on TCP and UDP only, and on a port number once. */
  private static void ports(ExposedAppSpec spec, List<String> problems) {
    Map<Integer, Integer> firstByNumber = new HashMap<>();
    for (int i = 0; i < spec.ports().size(); i++) {
      PortSpec port = spec.ports().get(i);
      if (port == null) {
        continue;
      }
      if (port.effectiveProtocol() == Protocol.SCTP) {
        problems.add("spec.ports[" + i + "] \"" + port.name() + "\": an NLB has no SCTP listeners; remove "
            + AT + " or the port");
        continue;
      }
      Integer first = firstByNumber.putIfAbsent(port.port(), i);
      if (first != null) {
        PortSpec other = spec.ports().get(first);
        problems.add("spec.ports[" + i + "] \"" + port.name() + "\" (" + port.effectiveProtocol() + " "
            + port.port() + ") and spec.ports[" + first + "] \"" + other.name() + "\" (" + other.effectiveProtocol()
            + " " + other.port() + "): an NLB listens on a port number once; the AWS Load Balancer Controller "
            + "would provision only the first (or, as one TCP_UDP listener, send both to the first port's nodePort, "
            + "which the other protocol does not listen on); give one of them another port number");
      }
    }
  }

  /**
   * How an NLB is addressed, whoever describes it ({@code at}: {@code spec.loadBalancer} or {@code
   * spec.nlbGateway}): Elastic IPs only internet-facing and private addresses only internal, one per subnet; CIDRs
   * that are CIDRs, IPv6 ones only dualstack.
   */
  public static void addressing(String at, AlbScheme asked, AlbScheme defaultScheme, List<String> eipAllocations,
      List<String> privateIpv4Addresses, List<String> subnets, List<String> sourceRanges,
      LoadBalancerSpec.IpAddressType ipAddressType, List<String> problems) {
    AlbScheme scheme = asked != null ? asked : defaultScheme;
    String schemeSaid = scheme.value() + (asked == null ? " (the operator's default)" : "");
    if (present(eipAllocations) && scheme != AlbScheme.INTERNET_FACING) {
      problems.add(at + ".eipAllocations: Elastic IPs are only for an internet-facing NLB; the scheme is "
          + schemeSaid);
    }
    if (present(privateIpv4Addresses) && scheme != AlbScheme.INTERNAL) {
      problems.add(at + ".privateIpv4Addresses: private addresses are only for an internal NLB; the scheme is "
          + schemeSaid);
    }
    onePerSubnet(at, "eipAllocations", eipAllocations, subnets, problems);
    onePerSubnet(at, "privateIpv4Addresses", privateIpv4Addresses, subnets, problems);
    if (privateIpv4Addresses != null) {
      for (int i = 0; i < privateIpv4Addresses.size(); i++) {
        String address = privateIpv4Addresses.get(i);
        if (address == null || !Cidrs.isIpv4Address(address)) {
          problems.add(at + ".privateIpv4Addresses[" + i + "] \"" + address + "\": not an IPv4 address");
        }
      }
    }
    if (sourceRanges != null) {
      for (int i = 0; i < sourceRanges.size(); i++) {
        String cidr = sourceRanges.get(i);
        if (cidr == null || !Cidrs.isCidr(cidr)) {
          problems.add(at + ".sourceRanges[" + i + "] \"" + cidr + "\": not a CIDR block such as 203.0.113.0/24");
        } else if (Cidrs.isIpv6(cidr) && ipAddressType != LoadBalancerSpec.IpAddressType.dualstack) {
          problems.add(at + ".sourceRanges[" + i + "] \"" + cidr + "\": an IPv6 range needs ipAddressType "
              + "dualstack");
        }
      }
    }
  }

  private static void onePerSubnet(String at, String field, List<String> values, List<String> subnets,
      List<String> problems) {
    if (!present(values)) {
      return;
    }
    if (!present(subnets)) {
      problems.add(at + "." + field + ": needs " + at + ".subnets, one per entry in the same order (the "
          + "controller assigns them to subnets by position)");
    } else if (values.size() != subnets.size()) {
      problems.add(at + "." + field + ": " + values.size() + " entries for " + subnets.size() + " subnets; "
          + "there must be one per subnet");
    }
  }

  private static void tls(ExposedAppSpec spec, List<String> problems) {
    if (spec.loadBalancer().tls() == null) {
      return;
    }
    IngressLint.certificateArns(AT + ".tls.certificateArns", spec.loadBalancer().tls().certificateArns(), problems);
    if (spec.loadBalancer().tls().certificateArns() == null
        || spec.loadBalancer().tls().certificateArns().isEmpty()) {
      problems.add(AT + ".tls.certificateArns: a TLS listener needs at least one certificate");
    }
    List<String> tlsPorts = spec.loadBalancer().tls().ports();
    Map<String, PortSpec> ports = IngressLint.portsByName(spec);
    if (tlsPorts == null) {
      if (ports.values().stream().anyMatch(p -> p.effectiveProtocol() != Protocol.TCP)) {
        problems.add(AT + ".tls.ports: must name the TCP ports that terminate TLS, because the app also has "
            + "ports that are not TCP (the controller's default is every port)");
      }
      return;
    }
    for (int i = 0; i < tlsPorts.size(); i++) {
      PortSpec port = ports.get(tlsPorts.get(i));
      if (port == null) {
        problems.add(AT + ".tls.ports[" + i + "] \"" + tlsPorts.get(i) + "\": not a port of spec.ports");
      } else if (port.effectiveProtocol() != Protocol.TCP) {
        problems.add(AT + ".tls.ports[" + i + "] \"" + tlsPorts.get(i) + "\": a " + port.effectiveProtocol()
            + " port cannot terminate TLS; only TCP ports can");
      }
    }
  }

  /** A TCP check only connects: no path, no success codes ({@code at}: where the check is). */
  public static void healthCheck(String at, LoadBalancerHealthCheck check, List<String> problems) {
    if (check == null) {
      return;
    }
    boolean tcp = check.protocol() == null || check.protocol() == LoadBalancerHealthCheck.Protocol.TCP;
    if (tcp && check.path() != null) {
      problems.add(at + ".path: needs protocol HTTP or HTTPS (a TCP check only connects)");
    }
    if (tcp && check.successCodes() != null) {
      problems.add(at + ".successCodes: needs protocol HTTP or HTTPS (a TCP check has no answer)");
    }
  }

  /** Annotations that would undo or contradict what the fields (or the product) write. */
  private static void annotations(ExposedAppSpec spec, List<String> problems) {
    LoadBalancerSpec lb = spec.loadBalancer();
    check(AT + ".annotations", lb.annotations(), lb, problems);
    check("spec.serviceAnnotations", spec.serviceAnnotations(), lb, problems);
  }

  private static void check(String at, Map<String, String> annotations, LoadBalancerSpec lb,
      List<String> problems) {
    if (annotations == null) {
      return;
    }
    for (String key : annotations.keySet()) {
      if (NlbAnnotations.fixed(key)) {
        problems.add(at + "[\"" + key + "\"]: cannot be set: the operator's NLB is always of class "
            + NlbAnnotations.NLB_CLASS + " with instance targets (node:nodePort)");
      } else {
        NlbAnnotations.setByField(key, lb).ifPresent(field -> problems.add(at + "[\"" + key + "\"]: set by "
            + field + "; set it there"));
      }
    }
  }

  private static boolean present(List<String> values) {
    return values != null && !values.isEmpty();
  }
}
