package io.exposedapp.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppSpec;
import io.exposedapp.api.PortSpec;

/**
 * What the operator checks in a spec on top of the CRD schema: the schema rejects these on a real API server
 * (required fields, list-map keys, CEL), but an API server that does not evaluate them, or an object stored before
 * the schema tightened, must still get a clear condition instead of a crash or a half-applied Service.
 */
public final class SpecValidation {

  private SpecValidation() {
  }

  /** Human-readable problems of an app's spec, including a spec that could not be read at all. */
  public static List<String> problems(ExposedApp app) {
    return app.specReadError().map(e -> List.of("spec cannot be read: " + e)).orElseGet(() -> problems(app.getSpec()));
  }

  /** Human-readable problems, empty when the spec can be acted on. */
  public static List<String> problems(ExposedAppSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      return List.of("spec is missing");
    }
    if (spec.selector() == null || spec.selector().isEmpty()) {
      problems.add("spec.selector must have at least one label");
    }
    if (spec.serviceName() != null && !spec.serviceName().isEmpty()
        && (!spec.serviceName().matches(ExposedAppSpec.DNS_1035_LABEL) || spec.serviceName().length() > 63)) {
      problems.add("spec.serviceName \"" + spec.serviceName() + "\" must be a DNS-1035 label (lower-case letters, "
          + "digits, '-', starting with a letter, at most 63 characters)");
    }
    if (spec.ports() == null || spec.ports().isEmpty()) {
      problems.add("spec.ports must have at least one port");
      return problems;
    }
    if (spec.ports().size() > ExposedAppSpec.MAX_PORTS) {
      problems.add("spec.ports has " + spec.ports().size() + " ports; at most " + ExposedAppSpec.MAX_PORTS
          + " are allowed");
    }
    Set<String> names = new HashSet<>();
    Set<Integer> nodePorts = new HashSet<>();
    for (int i = 0; i < spec.ports().size(); i++) {
      PortSpec port = spec.ports().get(i);
      String at = "spec.ports[" + i + "]";
      if (port == null) {
        problems.add(at + " is empty");
        continue;
      }
      if (port.name() == null || !port.name().matches(PortSpec.DNS_1123_LABEL) || port.name().length() > 63) {
        problems.add(at + ".name \"" + port.name() + "\" must be a DNS label (lower-case letters, digits, '-')");
      } else if (!names.add(port.name())) {
        problems.add(at + ".name \"" + port.name() + "\" is used by another port");
      }
      if (port.port() < 1 || port.port() > 65535) {
        problems.add(at + ".port " + port.port() + " must be between 1 and 65535");
      }
      if (port.nodePort() != null && !nodePorts.add(port.nodePort())) {
        problems.add(at + ".nodePort " + port.nodePort() + " is requested by another port of this ExposedApp");
      }
      Integer numericTarget = port.targetPort() == null ? null : port.targetPort().getIntVal();
      if (numericTarget != null && (numericTarget < 1 || numericTarget > 65535)) {
        problems.add(at + ".targetPort " + numericTarget + " must be between 1 and 65535");
      }
      if (port.targetPort() != null && port.targetPort().getStrVal() != null
          && !isPortName(port.targetPort().getStrVal())) {
        problems.add(at + ".targetPort \"" + port.targetPort().getStrVal() + "\" is not a valid container port name");
      }
    }
    return problems;
  }

  /** IANA_SVC_NAME: at most 15 characters, at least one letter, no leading, trailing or double '-'. */
  private static boolean isPortName(String name) {
    return name.length() <= 15 && name.matches(PortSpec.IANA_SVC_NAME) && !name.contains("--");
  }
}
