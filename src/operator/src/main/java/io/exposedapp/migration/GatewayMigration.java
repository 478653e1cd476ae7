package io.exposedapp.migration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.exposedapp.gateway.GatewayLint;
import io.exposedapp.api.ExposedAppSpec;
import io.exposedapp.api.GatewayParentRef;
import io.exposedapp.api.GatewayRule;
import io.exposedapp.api.GatewaySpec;
import io.exposedapp.api.IngressRule;
import io.exposedapp.api.IngressSpec;

/**
 * {@code spec.ingress} to {@code spec.gateway}: the same routes, health check and ALB settings on Gateway API, for an
 * app that keeps its Ingress until DNS points at the new ALB. A pure function; what has no equivalent in
 * {@code spec.gateway} is named, and the section is still written without it unless the routes themselves cannot be.
 *
 * <p>An IngressGroup ({@code groupName}) becomes a parentRef to a shared Gateway of the group's name: its ALB settings
 * are that Gateway's (the platform team's), not the app's, so they are named as not carried.
 */
public final class GatewayMigration {

  /**
   * @param gateway the section, or empty when the routes cannot be expressed
   * @param notCarried what the section does not say that the Ingress did, one message each
   */
  public record Result(Optional<GatewaySpec> gateway, List<String> notCarried) {
  }

  private final List<String> notCarried = new ArrayList<>();

  private GatewayMigration() {
  }

  /**
   * @param app the app's spec, with its ingress section
   * @param sharedGatewayNamespace where the Gateways of IngressGroups live; null for the app's namespace
   */
  public static Result of(ExposedAppSpec app, String sharedGatewayNamespace) {
    return new GatewayMigration().migrate(app, sharedGatewayNamespace);
  }

  private Result migrate(ExposedAppSpec app, String sharedGatewayNamespace) {
    IngressSpec ingress = app.ingress();
    Optional<Routes> routes = routes(ingress.rules());
    if (routes.isEmpty()) {
      return new Result(Optional.empty(), List.copyOf(notCarried));
    }
    boolean shared = ingress.groupName() != null && !ingress.groupName().isBlank();
    if (ingress.groupOrder() != null) {
      notCarry("groupOrder", "Gateway API orders the rules of all routes by how specific their matches are");
    }
    if (Boolean.TRUE.equals(ingress.sslRedirect())) {
      notCarry("sslRedirect", "spec.gateway writes no redirect (a RequestRedirect filter on a route of the HTTP "
          + "listener); the Gateway serves HTTP and HTTPS");
    }
    if (ingress.loadBalancerName() != null && !shared) {
      notCarry("loadBalancerName", "an ALB's name is unique in its account and region, and the Ingress's ALB holds "
          + "it until the Ingress is removed; set spec.gateway.loadBalancerName after the cut-over if it matters");
    }
    if (ingress.annotations() != null) {
      ingress.annotations().keySet().forEach(key -> notCarry("annotations." + key,
          "an Ingress annotation has no Gateway API field here"));
    }
    GatewaySpec gateway;
    if (shared) {
      String why = "an IngressGroup's ALB settings belong to the shared Gateway " + ingress.groupName()
          + " (its listeners and LoadBalancerConfiguration), which the app does not write";
      for (String field : ownAlbFieldsSet(ingress)) {
        notCarry(field, why);
      }
      gateway = new GatewaySpec(ingress.enabled(),
          List.of(new GatewayParentRef(ingress.groupName(), sharedGatewayNamespace, null)), routes.get().hostnames(),
          routes.get().rules(), ingress.healthCheck(), null, null, null, null, null, null, null, null, null);
    } else {
      gateway = new GatewaySpec(ingress.enabled(), null, routes.get().hostnames(), routes.get().rules(),
          ingress.healthCheck(), null, ingress.scheme(), ingress.certificateArns(), ingress.inboundCidrs(),
          ingress.subnets(), ingress.securityGroups(), ingress.tags(), null, null);
    }
    List<String> lint = GatewayLint.problems(app.withGateway(gateway));
    if (!lint.isEmpty()) {
      notCarried.addAll(lint);
      return new Result(Optional.empty(), List.copyOf(notCarried));
    }
    return new Result(Optional.of(gateway), List.copyOf(notCarried));
  }

  private record Routes(List<String> hostnames, List<GatewayRule> rules) {
  }

  /**
   * An HTTPRoute's rules apply to all of its hostnames: the Ingress's rules can be one route only when every host
   * routes the same paths to the same ports (or no rule names a host).
   */
  private Optional<Routes> routes(List<IngressRule> ingressRules) {
    Map<String, List<GatewayRule>> rulesByHost = new LinkedHashMap<>();
    for (IngressRule rule : ingressRules == null ? List.<IngressRule>of() : ingressRules) {
      if (rule.effectivePathType() == IngressRule.PathType.ImplementationSpecific) {
        notCarry("rules", "path " + rule.effectivePath() + " is ImplementationSpecific (ALB wildcards), which "
            + "has no Gateway API match");
        return Optional.empty();
      }
      GatewayRule.PathType pathType = rule.pathType() == null ? null
          : rule.pathType() == IngressRule.PathType.Exact ? GatewayRule.PathType.Exact
          : GatewayRule.PathType.PathPrefix;
      String host = rule.host() == null || rule.host().isEmpty() ? "" : rule.host();
      rulesByHost.computeIfAbsent(host, h -> new ArrayList<>()).add(new GatewayRule(rule.path(), pathType,
          rule.port()));
    }
    if (rulesByHost.isEmpty()) {
      return Optional.of(new Routes(null, null));
    }
    List<GatewayRule> rules = rulesByHost.values().iterator().next();
    boolean same = rulesByHost.values().stream().allMatch(rules::equals);
    if (!same || rulesByHost.size() > 1 && rulesByHost.containsKey("")) {
      notCarry("rules", "hosts " + String.join(", ", rulesByHost.keySet().stream()
          .map(h -> h.isEmpty() ? "(any)" : h).toList()) + " route different paths, and an HTTPRoute's rules apply "
          + "to all of its hostnames; give each host an ExposedApp of its own");
      return Optional.empty();
    }
    List<String> hostnames = rulesByHost.containsKey("") ? null : List.copyOf(rulesByHost.keySet());
    return Optional.of(new Routes(hostnames, rules));
  }

  private static List<String> ownAlbFieldsSet(IngressSpec ingress) {
    List<String> fields = new ArrayList<>();
    addIf(fields, "scheme", ingress.scheme());
    addIf(fields, "certificateArns", ingress.certificateArns());
    addIf(fields, "inboundCidrs", ingress.inboundCidrs());
    addIf(fields, "subnets", ingress.subnets());
    addIf(fields, "securityGroups", ingress.securityGroups());
    addIf(fields, "tags", ingress.tags());
    addIf(fields, "loadBalancerName", ingress.loadBalancerName());
    return fields;
  }

  private static void addIf(List<String> fields, String field, Object value) {
    if (value != null) {
      fields.add(field);
    }
  }

  private void notCarry(String field, String why) {
    notCarried.add("spec.ingress." + field + " is not carried to spec.gateway: " + why);
  }
}
