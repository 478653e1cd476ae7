package io.exposedapp.gateway.l4;

import java.util.Map;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.NlbGatewaySpec;
import io.exposedapp.gateway.l4.NlbGatewayPlan.PlannedRoute;
import io.exposedapp.lbc.LbcApi;
import io.exposedapp.meta.Labels;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerBuilder;

/**
 * The NLB Gateway of an app's own, {@code <app>-nlb}: one listener per route on it, named like the port, TCP, UDP or
 * TLS on the route's listener port, and its LoadBalancerConfiguration (same name) through {@code
 * infrastructure.parametersRef}. A TLS listener terminates (Gateway API requires certificateRefs or options there):
 * the AWS Load Balancer Controller takes its certificates from the LoadBalancerConfiguration and ignores both, so an
 * option names where they are rather than a Secret that does not exist. A pure function of the app and its plan.
 */
public final class DesiredNlbGateway {

  /** The listener option that says where a TLS listener's certificates are. */
  static final String CERTIFICATES_OPTION = "exposedapp.io/certificates";

  private DesiredNlbGateway() {
  }

  public static Gateway of(ExposedApp app, NlbGatewayPlan plan) {
    String name = NlbGatewaySpec.ownGatewayName(app.getMetadata().getName());
    GatewayBuilder gateway = new GatewayBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(app.getMetadata().getNamespace())
        .withLabels(Labels.of(app, "nlb-gateway"))
        .withOwnerReferences(Labels.controllerReference(app))
        .endMetadata()
        .withNewSpec()
        .withGatewayClassName(plan.className())
        .withNewInfrastructure()
        .withNewParametersRef()
        .withGroup(LbcApi.GROUP)
        .withKind("LoadBalancerConfiguration")
        .withName(name)
        .endParametersRef()
        .endInfrastructure()
        .endSpec();
    for (PlannedRoute route : plan.routes()) {
      if (!route.own()) {
        continue;
      }
      ListenerBuilder listener = new ListenerBuilder()
          .withName(route.parent().sectionName())
          .withProtocol(route.listenerProtocol())
          .withPort(route.listenerPort());
      if (route.kind() == L4RouteKind.TLS) {
        listener.withNewTls().withMode("Terminate")
            .withOptions(Map.of(CERTIFICATES_OPTION, "LoadBalancerConfiguration " + name)).endTls();
      }
      gateway.editSpec().addToListeners(listener.build()).endSpec();
    }
    return gateway.build();
  }
}
