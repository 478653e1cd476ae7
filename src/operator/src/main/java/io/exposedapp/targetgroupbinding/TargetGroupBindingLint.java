package io.exposedapp.targetgroupbinding;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.exposedapp.ingress.IngressLint;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.PortSpec;
import io.exposedapp.api.Protocol;
import io.exposedapp.api.TargetGroupBindingSpec;
import io.exposedapp.lbc.Cidrs;

/**
 * Why an app's TargetGroupBindings must not be written. The CRD schema (list-map key, CEL) rejects some of these on a
 * real API server; the rest would be refused by the AWS Load Balancer Controller's webhook or fail at AWS. Every
 * problem is one line that starts with the field path.
 */
public final class TargetGroupBindingLint {

  /** Object names (DNS-1123 subdomains) are at most this long. */
  static final int MAX_NAME = 253;

  private TargetGroupBindingLint() {
  }

  public static List<String> problems(ExposedApp app) {
    if (app.getSpec() == null || app.getSpec().bindings().isEmpty() || app.getSpec().ports() == null) {
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    Map<String, PortSpec> ports = IngressLint.portsByName(app.getSpec());
    Set<String> bound = new HashSet<>();
    Set<String> names = new HashSet<>();
    List<TargetGroupBindingSpec> bindings = app.getSpec().bindings();
    for (int i = 0; i < bindings.size(); i++) {
      String at = "spec.targetGroupBindings[" + i + "]";
      TargetGroupBindingSpec binding = bindings.get(i);
      if (binding == null) {
        problems.add(at + " is empty");
        continue;
      }
      PortSpec port = ports.get(binding.port());
      if (port == null) {
        problems.add(at + ".port \"" + binding.port() + "\": not a port of spec.ports");
      } else if (port.effectiveProtocol() == Protocol.SCTP) {
        problems.add(at + ".port \"" + binding.port() + "\": an SCTP port cannot be in a target group");
      } else if (!bound.add(binding.port())) {
        problems.add(at + ".port \"" + binding.port() + "\": bound by another entry; one binding per port");
      } else if (DesiredTargetGroupBinding.name(app, binding).length() > MAX_NAME) {
        problems.add(at + ".port \"" + binding.port() + "\": the binding's name, the app's name and the port's "
            + "joined by '-', is longer than " + MAX_NAME + " characters; set a shorter name");
      } else if (!names.add(DesiredTargetGroupBinding.name(app, binding))) {
        problems.add(at + ".name \"" + DesiredTargetGroupBinding.name(app, binding) + "\": the name of another "
            + "entry's binding");
      }
      if (isSet(binding.targetGroupARN()) == isSet(binding.targetGroupName())) {
        problems.add(at + ": exactly one of targetGroupARN and targetGroupName must be set");
      }
      allowFrom(at, binding, problems);
    }
    return problems;
  }

  private static void allowFrom(String at, TargetGroupBindingSpec binding, List<String> problems) {
    if (binding.allowFrom() == null) {
      return;
    }
    for (int j = 0; j < binding.allowFrom().size(); j++) {
      TargetGroupBindingSpec.AllowFrom source = binding.allowFrom().get(j);
      String from = at + ".allowFrom[" + j + "]";
      if (source == null || isSet(source.cidr()) == isSet(source.securityGroup())) {
        problems.add(from + ": exactly one of cidr and securityGroup must be set");
      } else if (isSet(source.cidr()) && !Cidrs.isCidr(source.cidr())) {
        problems.add(from + ".cidr \"" + source.cidr() + "\": not a CIDR block such as 10.0.0.0/16");
      }
    }
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
