package io.exposedapp.gateway;

import java.util.ArrayList;
import java.util.List;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.GatewayRule;
import io.exposedapp.api.GatewaySpec;
import io.exposedapp.api.PortSpec;
import io.exposedapp.meta.Labels;
import io.exposedapp.plan.ExposurePlan;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;

/**
 * The HTTPRoute an ExposedApp wants: a pure function of the app and its plan. Its backends are the app's Service and
 * Service ports; with target type instance (its TargetGroupConfiguration) the AWS Load Balancer Controller sends the
 * ALB's traffic to those ports' nodePorts.
 *
 * <p>Every field the CRD defaults inside its atomic lists (parentRefs' group and kind, backendRefs' group, kind and
 * weight, the path match) is written out: server-side apply keeps an atomic list whole, so a server default in it
 * would never match what is applied, and the route would be applied again at every reconcile.
 */
public final class DesiredHttpRoute {

  /** Gateway API's group, the default group of a parentRef. */
  static final String GATEWAY_GROUP = "gateway.networking.k8s.io";

  private DesiredHttpRoute() {
  }

  public static HTTPRoute of(ExposedApp app, ExposurePlan plan) {
    GatewaySpec gateway = app.getSpec().gateway();
    String namespace = app.getMetadata().getNamespace();
    return new HTTPRouteBuilder()
        .withNewMetadata()
        .withName(app.getMetadata().getName())
        .withNamespace(namespace)
        .withLabels(Labels.of(app, "httproute"))
        .withOwnerReferences(Labels.controllerReference(app))
        .endMetadata()
        .withNewSpec()
        .withParentRefs(parentRefs(app, gateway))
        .withHostnames(gateway.hostnames() == null || gateway.hostnames().isEmpty() ? null : gateway.hostnames())
        .withRules(rules(app, plan, gateway))
        .endSpec()
        .build();
  }

  /** The section's Gateways, else the app's own Gateway (it has the app's name). */
  private static List<ParentReference> parentRefs(ExposedApp app, GatewaySpec gateway) {
    if (gateway.ownsGateway()) {
      return List.of(parentRef(app.getMetadata().getName(), null, null));
    }
    return gateway.parentRefs().stream()
        .map(ref -> parentRef(ref.name(), ref.namespace(), ref.sectionName()))
        .toList();
  }

  private static ParentReference parentRef(String name, String namespace, String sectionName) {
    return new ParentReferenceBuilder()
        .withGroup(GATEWAY_GROUP)
        .withKind("Gateway")
        .withName(name)
        .withNamespace(namespace == null || namespace.isEmpty() ? null : namespace)
        .withSectionName(sectionName == null || sectionName.isEmpty() ? null : sectionName)
        .build();
  }

  /** One HTTPRoute rule per spec rule, in spec order; none: everything to the first port. */
  private static List<HTTPRouteRule> rules(ExposedApp app, ExposurePlan plan, GatewaySpec gateway) {
    List<GatewayRule> specRules = gateway.rules() == null || gateway.rules().isEmpty()
        ? List.of(new GatewayRule(null, null, app.getSpec().ports().get(0).name()))
        : gateway.rules();
    List<HTTPRouteRule> rules = new ArrayList<>();
    for (GatewayRule rule : specRules) {
      rules.add(new HTTPRouteRuleBuilder()
          .addNewMatch()
          .withNewPath()
          .withType(rule.effectivePathType().name())
          .withValue(rule.effectivePath())
          .endPath()
          .endMatch()
          .withBackendRefs(new HTTPBackendRefBuilder()
              .withGroup("")
              .withKind("Service")
              .withName(plan.serviceName())
              .withPort(servicePort(app, rule.port()))
              .withWeight(1)
              .build())
          .build());
    }
    return rules;
  }

  /** The Service port of a spec port name (a backendRef names a Service port by number). */
  private static int servicePort(ExposedApp app, String portName) {
    return app.getSpec().ports().stream().filter(p -> p.name().equals(portName)).findFirst()
        .map(PortSpec::port)
        .orElseThrow(() -> new IllegalStateException("no port " + portName + " (the lint lets no such rule through)"));
  }
}
