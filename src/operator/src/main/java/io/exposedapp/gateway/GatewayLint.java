package io.exposedapp.gateway;

import io.exposedapp.ingress.IngressLint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.exposedapp.api.ExposedAppSpec;
import io.exposedapp.api.ExternalTrafficPolicy;
import io.exposedapp.api.GatewayListener;
import io.exposedapp.api.GatewayParentRef;
import io.exposedapp.api.GatewayRule;
import io.exposedapp.api.GatewaySpec;
import io.exposedapp.api.PortSpec;

/**
 * Why an app's Gateway API objects must not be written: what the CRD schema rejects on a real API server (checked
 * again, as test API servers and objects stored under an older schema may let it through) and what the AWS Load
 * Balancer Controller or the Gateway API CRDs' CEL rules would refuse. Each problem starts with its field path.
 */
public final class GatewayLint {

  private GatewayLint() {
  }

  /** Problems of the spec's gateway section; empty when it may be written or is not wanted. */
  public static List<String> problems(ExposedAppSpec spec) {
    if (spec == null || !spec.wantsGateway()) {
      return List.of();
    }
    GatewaySpec gateway = spec.gateway();
    List<String> problems = new ArrayList<>();
    if (spec.externalTrafficPolicy() == ExternalTrafficPolicy.Local) {
      problems.add("spec.externalTrafficPolicy: Local does not work behind an ALB with instance targets: a node "
          + "without a ready pod of this app fails the ALB's health check, so only the nodes that run a pod serve; "
          + "remove it or use Cluster");
    }
    rules(spec, gateway, problems);
    parentRefs(gateway, problems);
    IngressLint.healthCheck("spec.gateway.healthCheck", gateway.healthCheck(), problems);
    if (gateway.ownsGateway()) {
      IngressLint.certificateArns("spec.gateway.certificateArns", gateway.certificateArns(), problems);
      listeners(gateway, problems);
    } else if (setsOwnAlbFields(gateway)) {
      problems.add("spec.gateway: className, scheme, certificateArns, inboundCidrs, subnets, securityGroups, tags, "
          + "loadBalancerName and listeners describe an ALB of the app's own and cannot be set with parentRefs: the "
          + "platform team's Gateway decides them");
    }
    return problems;
  }

  private static boolean setsOwnAlbFields(GatewaySpec g) {
    return g.className() != null || g.scheme() != null || g.certificateArns() != null || g.inboundCidrs() != null
        || g.subnets() != null || g.securityGroups() != null || g.tags() != null || g.loadBalancerName() != null
        || g.listeners() != null;
  }

  private static void rules(ExposedAppSpec spec, GatewaySpec gateway, List<String> problems) {
    Map<String, PortSpec> ports = IngressLint.portsByName(spec);
    if (gateway.rules() == null || gateway.rules().isEmpty()) {
      IngressLint.defaultRule("spec.gateway.rules", ports, problems);
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < gateway.rules().size(); i++) {
      GatewayRule rule = gateway.rules().get(i);
      String at = "spec.gateway.rules[" + i + "]";
      if (rule == null) {
        problems.add(at + ": is empty; a rule needs at least a port");
        continue;
      }
      String path = rule.effectivePath();
      // the HTTPRoute CRD's CEL rules for Exact and PathPrefix paths
      if (!path.startsWith("/") || path.contains("//") || path.contains("/./") || path.contains("/../")
          || path.contains("%2f") || path.contains("%2F") || path.contains("#") || path.endsWith("/..")
          || path.endsWith("/.") || !path.matches("^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$")) {
        problems.add(at + ".path \"" + path + "\": must be an absolute path without '//', '/./', '/../', '%2f' or "
            + "'#', not ending in '/.' or '/..' (Gateway API's rules for PathPrefix and Exact)");
      }
      if (!seen.add(rule.effectivePathType() + " " + path)) {
        problems.add(at + ".path \"" + path + "\": matched by an earlier rule with the same pathType; the second "
            + "would never be used");
      }
      IngressLint.rulePort(at, rule.port(), ports, problems);
    }
  }

  /** The HTTPRoute CRD's CEL rules: the same Gateway twice needs distinct sectionNames on both. */
  private static void parentRefs(GatewaySpec gateway, List<String> problems) {
    if (gateway.parentRefs() == null) {
      return;
    }
    Map<String, List<String>> sectionsByGateway = new LinkedHashMap<>();
    for (GatewayParentRef ref : gateway.parentRefs()) {
      if (ref == null || ref.name() == null) {
        problems.add("spec.gateway.parentRefs: every entry needs the Gateway's name");
        continue;
      }
      sectionsByGateway.computeIfAbsent(ref.namespace() + "/" + ref.name(), k -> new ArrayList<>())
          .add(ref.sectionName());
    }
    sectionsByGateway.forEach((gatewayKey, sections) -> {
      if (sections.size() > 1 && (sections.contains(null) || new HashSet<>(sections).size() < sections.size())) {
        problems.add("spec.gateway.parentRefs: Gateway " + gatewayKey.replaceFirst("^null/", "") + " is named "
            + sections.size() + " times; each needs a sectionName of its own (a listener of that Gateway)");
      }
    });
  }

  private static void listeners(GatewaySpec gateway, List<String> problems) {
    Set<Integer> ports = new HashSet<>();
    for (GatewayListener listener : gateway.effectiveListeners()) {
      if (listener == null || listener.protocol() == null) {
        problems.add("spec.gateway.listeners: every entry needs a protocol, HTTP or HTTPS");
        continue;
      }
      if (!ports.add(listener.port())) {
        problems.add("spec.gateway.listeners: port " + listener.port() + " is listed twice; an ALB listener is one "
            + "protocol on one port");
      }
      if (listener.protocol() == GatewayListener.Protocol.HTTPS && !gateway.hasCertificates()) {
        problems.add("spec.gateway.listeners: HTTPS on " + listener.port() + " needs spec.gateway.certificateArns "
            + "(its certificates)");
      }
    }
  }
}
