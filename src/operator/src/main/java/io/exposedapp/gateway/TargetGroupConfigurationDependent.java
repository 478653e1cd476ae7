package io.exposedapp.gateway;

import io.exposedapp.service.ServiceDependent;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.gateway.l4.NlbGatewayPlan;
import io.exposedapp.lbc.ConfigurationStatus;
import io.exposedapp.lbc.TargetGroupConfigurationSpec;
import io.exposedapp.lbc.TargetGroupConfigurationV1;
import io.exposedapp.lbc.TargetGroupConfigurationV1beta1;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * The app's TargetGroupConfiguration (target type instance, the health check), in each {@code gateway.k8s.aws}
 * version the operator can write: the workflow declares both, and the activation conditions of {@link
 * GatewayApiServed} let only the newest version the cluster serves run.
 */
public abstract class TargetGroupConfigurationDependent<
    R extends CustomResource<TargetGroupConfigurationSpec, ConfigurationStatus>> extends GatewayObjectDependent<R> {

  private final Class<R> type;

  protected TargetGroupConfigurationDependent(Class<R> type) {
    super(type, "TargetGroupConfiguration");
    this.type = type;
  }

  @Override
  protected R desired(ExposedApp app, Context<ExposedApp> context) {
    return DesiredTargetGroupConfiguration.of(app, ServiceDependent.plan(context), nlbPlan(context), type);
  }

  /**
   * The Service's one TargetGroupConfiguration serves both gateway forms: written only while each form the app asks
   * for may be written, so that a problem in one never rewrites the other's target groups.
   */
  @Override
  protected boolean writable(Context<ExposedApp> context) {
    GatewayPlan alb = gatewayPlan(context);
    NlbGatewayPlan nlb = nlbPlan(context);
    var plan = ServiceDependent.plan(context);
    return (alb.wanted() || nlb.wanted()) && (!alb.wanted() || alb.writable(plan))
        && (!nlb.wanted() || nlb.writable(plan));
  }

  private static NlbGatewayPlan nlbPlan(Context<ExposedApp> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(NlbGatewayPlan.CONTEXT_KEY,
        NlbGatewayPlan.class);
  }

  /** {@code gateway.k8s.aws/v1}. */
  public static class V1 extends TargetGroupConfigurationDependent<TargetGroupConfigurationV1> {
    public V1() {
      super(TargetGroupConfigurationV1.class);
    }
  }

  /** {@code gateway.k8s.aws/v1beta1}. */
  public static class V1beta1 extends TargetGroupConfigurationDependent<TargetGroupConfigurationV1beta1> {
    public V1beta1() {
      super(TargetGroupConfigurationV1beta1.class);
    }
  }
}
