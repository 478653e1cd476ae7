package io.exposedapp.targetgroupbinding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.PortSpec;
import io.exposedapp.api.TargetGroupBindingSpec;
import io.exposedapp.lbc.TargetGroupBinding;
import io.exposedapp.meta.Labels;
import io.exposedapp.plan.ExposurePlan;
import io.fabric8.kubernetes.api.model.IntOrString;

/** The TargetGroupBindings an ExposedApp wants: a pure function of the app and its plan. */
public final class DesiredTargetGroupBinding {

  /** What LBC registers: the nodes at the Service port's nodePort. */
  public static final String INSTANCE = "instance";

  private DesiredTargetGroupBinding() {
  }

  /** The binding's name: the entry's, else the app's and the port's, so that two apps never want the same one. */
  public static String name(ExposedApp app, TargetGroupBindingSpec binding) {
    return binding.name() != null && !binding.name().isBlank() ? binding.name()
        : app.getMetadata().getName() + "-" + binding.port();
  }

  /** Every binding of the spec by name, in spec order. */
  public static Map<String, TargetGroupBinding> of(ExposedApp app, ExposurePlan plan) {
    Map<String, TargetGroupBinding> bindings = new LinkedHashMap<>();
    for (TargetGroupBindingSpec binding : app.getSpec().bindings()) {
      bindings.put(name(app, binding), of(app, plan, binding));
    }
    return bindings;
  }

  static TargetGroupBinding of(ExposedApp app, ExposurePlan plan, TargetGroupBindingSpec binding) {
    PortSpec port = app.getSpec().ports().stream().filter(p -> p.name().equals(binding.port())).findFirst()
        .orElseThrow();
    TargetGroupBinding object = new TargetGroupBinding();
    object.getMetadata().setName(name(app, binding));
    object.getMetadata().setNamespace(app.getMetadata().getNamespace());
    object.getMetadata().setLabels(Labels.of(app, "targetgroupbinding"));
    object.getMetadata().setOwnerReferences(List.of(Labels.controllerReference(app)));
    TargetGroupBinding.Networking networking = null;
    if (binding.allowFrom() != null && !binding.allowFrom().isEmpty()) {
      // instance targets listen on the nodePort: that, not the Service port, is what the rule must open
      List<TargetGroupBinding.NetworkingPeer> from = binding.allowFrom().stream()
          .map(f -> f.cidr() != null ? new TargetGroupBinding.NetworkingPeer(new TargetGroupBinding.IpBlock(f.cidr()),
              null) : new TargetGroupBinding.NetworkingPeer(null, new TargetGroupBinding.SecurityGroup(
                  f.securityGroup())))
          .toList();
      networking = new TargetGroupBinding.Networking(List.of(new TargetGroupBinding.NetworkingIngressRule(from,
          List.of(new TargetGroupBinding.NetworkingPort(port.effectiveProtocol().name(),
              new IntOrString(plan.nodePort(port.name())))))));
    }
    object.setSpec(new TargetGroupBinding.Spec(blankToNull(binding.targetGroupARN()),
        blankToNull(binding.targetGroupName()), INSTANCE,
        new TargetGroupBinding.ServiceReference(plan.serviceName(), servicePort(app, port)),
        networking,
        binding.nodeSelector() == null || binding.nodeSelector().isEmpty() ? null
            : new TargetGroupBinding.NodeSelector(new java.util.TreeMap<>(binding.nodeSelector()))));
    return object;
  }

  /**
   * The Service port as LBC looks it up (a binding's port is the Service port, not the nodePort): its number, or its
   * name where another port of the Service has the same number (LBC takes the first match of a number).
   */
  static IntOrString servicePort(ExposedApp app, PortSpec port) {
    boolean shared = app.getSpec().ports().stream().filter(p -> p.port() == port.port()).count() > 1;
    return shared ? new IntOrString(port.name()) : new IntOrString(port.port());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
