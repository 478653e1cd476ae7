package io.exposedapp.gateway;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.GatewayListener;
import io.exposedapp.gateway.GatewayPlan;
import io.exposedapp.lbc.LbcApi;
import io.exposedapp.meta.Labels;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerBuilder;

/**
 * The Gateway of an app with an ALB of its own (a gateway section without parentRefs): its class, its listeners,
 * and its LoadBalancerConfiguration (same name) through {@code infrastructure.parametersRef}. An ALB Gateway's HTTPS
 * listener carries no tls: its certificates are in the LoadBalancerConfiguration, as the AWS Load Balancer Controller
 * documents. A pure function of the app and its plan.
 */
public final class DesiredGateway {

  private DesiredGateway() {
  }

  public static Gateway of(ExposedApp app, GatewayPlan plan) {
    GatewayBuilder gateway = new GatewayBuilder()
        .withNewMetadata()
        .withName(app.getMetadata().getName())
        .withNamespace(app.getMetadata().getNamespace())
        .withLabels(Labels.of(app, "gateway"))
        .withOwnerReferences(Labels.controllerReference(app))
        .endMetadata()
        .withNewSpec()
        .withGatewayClassName(plan.className())
        .withNewInfrastructure()
        .withNewParametersRef()
        .withGroup(LbcApi.GROUP)
        .withKind("LoadBalancerConfiguration")
        .withName(app.getMetadata().getName())
        .endParametersRef()
        .endInfrastructure()
        .endSpec();
    for (GatewayListener listener : app.getSpec().gateway().effectiveListeners()) {
      gateway.editSpec().addToListeners(new ListenerBuilder()
          .withName(listener.listenerName())
          .withProtocol(listener.protocol().name())
          .withPort(listener.port())
          .build()).endSpec();
    }
    return gateway.build();
  }
}
