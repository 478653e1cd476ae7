package io.exposedapp.gateway.l4;

import io.exposedapp.api.ExposedApp;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * The NLB Gateway of an app's own, {@code <app>-nlb}: found by that name whoever owns it (one that is another's is
 * left alone and reported). Its informer watches the operator's namespaces; Gateways of other namespaces, which
 * shared routes attach to, are read from the ALB Gateway dependent's cluster-wide one.
 */
public class NlbGatewayDependent extends NlbGatewayObjectDependent<Gateway> {

  public NlbGatewayDependent() {
    super(Gateway.class, "Gateway");
  }

  @Override
  protected Gateway desired(ExposedApp app, Context<ExposedApp> context) {
    return DesiredNlbGateway.of(app, L4RouteDependent.plan(context));
  }
}
