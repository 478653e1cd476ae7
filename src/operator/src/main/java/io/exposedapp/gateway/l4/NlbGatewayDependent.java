package io.exposedapp.gateway.l4;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.NlbGatewaySpec;
import io.exposedapp.gateway.GatewayObjectDependent;
import io.exposedapp.plan.ExposurePlan;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * The NLB Gateway of an app's own, {@code <app>-nlb}: found by that name whoever owns it (one that is another's is
 * left alone and reported). Its informer watches the operator's namespaces; Gateways of other namespaces, which
 * shared routes attach to, are read from the ALB Gateway dependent's cluster-wide one.
 */
public class NlbGatewayDependent extends GatewayObjectDependent<Gateway> {

  public NlbGatewayDependent() {
    super(Gateway.class, "Gateway");
  }

  @Override
  protected Gateway desired(ExposedApp app, Context<ExposedApp> context) {
    return DesiredNlbGateway.of(app, L4RouteDependent.plan(context));
  }

  @Override
  protected boolean writable(Context<ExposedApp> context) {
    return L4RouteDependent.plan(context).writable(context.managedWorkflowAndDependentResourceContext()
        .getMandatory(ExposurePlan.CONTEXT_KEY, ExposurePlan.class));
  }

  @Override
  protected String writesKey() {
    return NlbGatewayPlan.WRITES_KEY;
  }

  @Override
  protected String nameSuffix() {
    return NlbGatewaySpec.OWN_GATEWAY_SUFFIX;
  }
}
