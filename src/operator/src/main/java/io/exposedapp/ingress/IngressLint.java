package io.exposedapp.ingress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.exposedapp.api.ExposedAppSpec;
import io.exposedapp.api.ExternalTrafficPolicy;
import io.exposedapp.api.HealthCheck;
import io.exposedapp.api.IngressRule;
import io.exposedapp.api.IngressSpec;
import io.exposedapp.api.PortSpec;
import io.exposedapp.api.Protocol;

/**
 * Why an app's Ingress must not be written. The CRD schema rejects several of these on a real API server, but test
 * servers and objects stored before the schema tightened bypass it; and the rest are only wrong for the AWS Load
 * Balancer Controller. An IngressGroup is built as one unit, so a single bad Ingress stops the controller from
 * updating the ALB of every app in the group: the operator does not write an Ingress the lint has findings for.
 *
 * <p>Every problem is one line that starts with the field path, e.g. {@code spec.ingress.rules[1].port "dns": ...}.
 */
public final class IngressLint {

  /** ACM: {@code arn:<partition>:acm:<region>:<account>:certificate/<id>}. */
  static final Pattern ACM_CERTIFICATE_ARN =
      Pattern.compile("^arn:aws[a-z-]*:acm:[a-z]{2}(-[a-z]+)+-[0-9]+:[0-9]{12}:certificate/[A-Za-z0-9-]+$");
  /** IAM server certificate, optionally with a path; no ',' (the annotation is comma-separated). */
  static final Pattern IAM_CERTIFICATE_ARN =
      Pattern.compile("^arn:aws[a-z-]*:iam::[0-9]{12}:server-certificate/[A-Za-z0-9_+=.@/-]+$");

  /** The controller's (and ALB's) health check defaults, for the timeout-below-interval rule. */
  static final int DEFAULT_INTERVAL_SECONDS = 15;
  static final int DEFAULT_TIMEOUT_SECONDS = 5;

  private IngressLint() {
  }

  /** Human-readable problems of the spec's ingress section; empty when the Ingress may be written or is not wanted. */
  public static List<String> problems(ExposedAppSpec spec) {
    if (spec == null || !spec.wantsIngress()) {
      return List.of();
    }
    IngressSpec ingress = spec.ingress();
    List<String> problems = new ArrayList<>();
    if (spec.externalTrafficPolicy() == ExternalTrafficPolicy.Local) {
      problems.add("spec.externalTrafficPolicy: Local does not work behind an ALB in instance mode: the ALB "
          + "health-checks the nodePort on every node, and a node without a ready pod of this app fails the check "
          + "(Local never forwards to another node), so only the nodes that run a pod serve; remove it or use "
          + "Cluster");
    }
    rules(spec, ingress, problems);
    if (ingress.groupName() != null && !isGroupName(ingress.groupName())) {
      problems.add("spec.ingress.groupName \"" + ingress.groupName() + "\": must be lower-case letters, digits, '-' "
          + "and '.', starting and ending with a letter or digit, at most 63 characters");
    }
    if (ingress.groupOrder() != null && (ingress.groupOrder() < 1 || ingress.groupOrder() > 1000)) {
      problems.add("spec.ingress.groupOrder " + ingress.groupOrder() + ": must be between 1 and 1000");
    }
    certificateArns("spec.ingress.certificateArns", ingress.certificateArns(), problems);
    if (Boolean.TRUE.equals(ingress.sslRedirect()) && !ingress.hasCertificates()) {
      problems.add("spec.ingress.sslRedirect: true needs spec.ingress.certificateArns: the redirect goes to the "
          + "HTTPS listener on 443, which exists only with a certificate");
    }
    healthCheck("spec.ingress.healthCheck", ingress.healthCheck(), problems);
    if (ingress.loadBalancerName() != null && (ingress.loadBalancerName().length() > 32
        || !ingress.loadBalancerName().matches(IngressSpec.LOAD_BALANCER_NAME))) {
      problems.add("spec.ingress.loadBalancerName \"" + ingress.loadBalancerName() + "\": must be at most 32 "
          + "letters, digits and '-', not starting or ending with '-' (an AWS limit)");
    }
    annotations(ingress, problems);
    return problems;
  }

  private static void rules(ExposedAppSpec spec, IngressSpec ingress, List<String> problems) {
    Map<String, PortSpec> ports = portsByName(spec);
    if (ingress.rules() == null || ingress.rules().isEmpty()) {
      defaultRule("spec.ingress.rules", ports, problems);
      return;
    }
    for (int i = 0; i < ingress.rules().size(); i++) {
      IngressRule rule = ingress.rules().get(i);
      String at = "spec.ingress.rules[" + i + "]";
      if (rule == null) {
        problems.add(at + ": is empty; a rule needs at least a port");
        continue;
      }
      if (rule.host() != null && (rule.host().length() > 253 || !rule.host().matches(IngressRule.HOST))) {
        problems.add(at + ".host \"" + rule.host() + "\": must be a lower-case DNS name such as web.example.com or "
            + "*.example.com, at most 253 characters");
      }
      path(at, rule, problems);
      rulePort(at, rule.port(), ports, problems);
    }
  }

  /**
   * The controller turns a Prefix path into the patterns {@code /p} and {@code /p/*} and refuses '*' or '?' in
   * Prefix and Exact paths, which fails the whole IngressGroup; the ALB idiom {@code /api/*} is ImplementationSpecific.
   */
  private static void path(String at, IngressRule rule, List<String> problems) {
    String path = rule.effectivePath();
    if (!path.startsWith("/")) {
      problems.add(at + ".path \"" + path + "\": must start with '/'");
    } else if (rule.effectivePathType() != IngressRule.PathType.ImplementationSpecific
        && (path.contains("*") || path.contains("?"))) {
      boolean prefix = rule.effectivePathType() == IngressRule.PathType.Prefix;
      problems.add(at + ".path \"" + path + "\": " + (prefix ? "a Prefix" : "an Exact") + " path cannot contain "
          + "'*' or '?' (the controller refuses it); " + (prefix ? "a Prefix path already matches everything below "
          + "it, or " : "") + "use pathType ImplementationSpecific for an ALB wildcard pattern");
    }
  }

  /** The spec's ports by name, in spec order (the first of a duplicated name; the schema refuses duplicates). */
  public static Map<String, PortSpec> portsByName(ExposedAppSpec spec) {
    Map<String, PortSpec> ports = new LinkedHashMap<>();
    if (spec.ports() != null) {
      spec.ports().stream().filter(p -> p != null && p.name() != null).forEach(p -> ports.putIfAbsent(p.name(), p));
    }
    return ports;
  }

  /**
   * Without rules everything goes to the first port, which an ALB can reach only over TCP; no ports at all is
   * SpecValidation's to report. {@code at} is the rules' field.
   */
  public static void defaultRule(String at, Map<String, PortSpec> ports, List<String> problems) {
    if (!ports.isEmpty() && ports.values().iterator().next().effectiveProtocol() != Protocol.TCP) {
      PortSpec first = ports.values().iterator().next();
      problems.add(at + ": none, so every request goes to the first port \"" + first.name() + "\", which uses "
          + first.effectiveProtocol() + "; an ALB speaks HTTP/HTTPS over TCP only: add a rule for a TCP port");
    }
  }

  /** A rule's port names a TCP port of the spec; {@code at} is the rule's field. */
  public static void rulePort(String at, String port, Map<String, PortSpec> ports, List<String> problems) {
    if (port == null || port.isBlank()) {
      problems.add(at + ".port: is required, the name of a spec.ports entry");
    } else if (!ports.containsKey(port)) {
      problems.add(at + ".port \"" + port + "\": no port of that name in spec.ports (there are "
          + String.join(", ", ports.keySet()) + ")");
    } else if (ports.get(port).effectiveProtocol() != Protocol.TCP) {
      problems.add(at + ".port \"" + port + "\": uses " + ports.get(port).effectiveProtocol()
          + "; an ALB speaks HTTP/HTTPS over TCP only");
    }
  }

  /** Each ARN is an ACM or IAM server certificate's; {@code at} is the field, e.g. spec.ingress.certificateArns. */
  public static void certificateArns(String at, List<String> arns, List<String> problems) {
    if (arns == null) {
      return;
    }
    for (int i = 0; i < arns.size(); i++) {
      String arn = arns.get(i);
      if (arn == null || !ACM_CERTIFICATE_ARN.matcher(arn).matches() && !IAM_CERTIFICATE_ARN.matcher(arn).matches()) {
        problems.add(at + "[" + i + "] \"" + arn + "\": not an ACM certificate ARN "
            + "(arn:aws:acm:<region>:<12-digit account>:certificate/<id>) nor an IAM server certificate ARN "
            + "(arn:aws:iam::<12-digit account>:server-certificate/<name>)");
      }
    }
  }

  /** The ALB refuses a timeout that is not below the interval; {@code at} is the field of the check. */
  public static void healthCheck(String at, HealthCheck check, List<String> problems) {
    if (check == null || check.timeoutSeconds() == null && check.intervalSeconds() == null) {
      return;
    }
    // an unset one is the controller's default
    int interval = check.intervalSeconds() != null ? check.intervalSeconds() : DEFAULT_INTERVAL_SECONDS;
    int timeout = check.timeoutSeconds() != null ? check.timeoutSeconds() : DEFAULT_TIMEOUT_SECONDS;
    if (timeout >= interval) {
      problems.add(at + ".timeoutSeconds " + timeout
          + (check.timeoutSeconds() == null ? " (the default)" : "") + ": must be less than intervalSeconds "
          + interval + (check.intervalSeconds() == null ? " (the default)" : ""));
    }
  }

  private static void annotations(IngressSpec ingress, List<String> problems) {
    if (ingress.annotations() == null) {
      return;
    }
    ingress.annotations().forEach((key, value) -> {
      String at = "spec.ingress.annotations[\"" + key + "\"]";
      Optional<String> field = AlbAnnotations.setByField(key, ingress);
      if (AlbAnnotations.TARGET_TYPE.equals(key)) {
        problems.add(at + ": refused: the Ingress is always in instance mode (the ALB sends traffic to the "
            + "Service's nodePorts), which is the point of ExposedApp");
      } else if (AlbAnnotations.INGRESS_CLASS.equals(key)) {
        problems.add(at + ": refused: the API server rejects it next to spec.ingressClassName, which the operator "
            + "always sets; use spec.ingress.className");
      } else if (field.isPresent()) {
        problems.add(at + ": is written by the operator from " + field.get() + "; set that field instead");
      } else if (value == null || value.isBlank()) {
        problems.add(at + ": has an empty value; remove the entry (an empty annotation value never settles under "
            + "server-side apply before Kubernetes 1.25)");
      }
    });
  }

  private static boolean isGroupName(String name) {
    return name.length() <= 63 && name.matches(IngressSpec.GROUP_NAME);
  }
}
