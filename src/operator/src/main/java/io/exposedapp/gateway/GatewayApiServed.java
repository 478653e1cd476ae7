package io.exposedapp.gateway;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.gateway.ServedGatewayApis;
import io.exposedapp.lbc.LbcApi;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The activation condition of the HTTPRoute and Gateway dependents: the cluster serves Gateway API's
 * {@code gateway.networking.k8s.io/v1}. Read from what the reconciler discovered ({@link ServedGatewayApis}), the
 * same for every app, so the informer is started once and never stopped; never an API call of its own.
 */
public class GatewayApiServed implements Condition<Object, ExposedApp> {

  @Override
  public boolean isMet(DependentResource<Object, ExposedApp> dependentResource, ExposedApp app,
      Context<ExposedApp> context) {
    return served(context).gatewayApi();
  }

  static ServedGatewayApis served(Context<ExposedApp> context) {
    return context.managedWorkflowAndDependentResourceContext()
        .get(ServedGatewayApis.CONTEXT_KEY, ServedGatewayApis.class).orElse(ServedGatewayApis.NONE);
  }

  /** The activation condition of the {@code gateway.k8s.aws} dependents of one version. */
  abstract static class LbcVersion implements Condition<Object, ExposedApp> {

    private final LbcApi version;

    LbcVersion(LbcApi version) {
      this.version = version;
    }

    @Override
    public boolean isMet(DependentResource<Object, ExposedApp> dependentResource, ExposedApp app,
        Context<ExposedApp> context) {
      return served(context).lbc().filter(version::equals).isPresent();
    }
  }

  /** {@code gateway.k8s.aws/v1} is the newest version served. */
  public static class LbcV1 extends LbcVersion {
    public LbcV1() {
      super(LbcApi.V1);
    }
  }

  /** {@code gateway.k8s.aws/v1beta1} is the newest version served. */
  public static class LbcV1beta1 extends LbcVersion {
    public LbcV1beta1() {
      super(LbcApi.V1BETA1);
    }
  }
}
