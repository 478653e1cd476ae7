package io.exposedapp.gateway.l4;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.NlbGatewaySpec;
import io.exposedapp.gateway.GatewayObjectDependent;
import io.exposedapp.plan.ExposurePlan;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * An object of the app's own NLB Gateway, named {@code <app>-nlb} (the Gateway, its LoadBalancerConfiguration):
 * written while the nlbGateway plan may be, and reported as taken in that plan's writes.
 */
public abstract class NlbGatewayObjectDependent<R extends HasMetadata> extends GatewayObjectDependent<R> {

  protected NlbGatewayObjectDependent(Class<R> type, String kind) {
    super(type, kind);
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
