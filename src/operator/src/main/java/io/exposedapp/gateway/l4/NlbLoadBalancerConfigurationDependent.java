package io.exposedapp.gateway.l4;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.lbc.ConfigurationStatus;
import io.exposedapp.lbc.LoadBalancerConfigurationSpec;
import io.exposedapp.lbc.LoadBalancerConfigurationV1;
import io.exposedapp.lbc.LoadBalancerConfigurationV1beta1;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * The LoadBalancerConfiguration of an app's own NLB Gateway, {@code <app>-nlb}, in each {@code gateway.k8s.aws}
 * version the operator can write: the workflow declares both, and only the newest served runs.
 */
public abstract class NlbLoadBalancerConfigurationDependent<
    R extends CustomResource<LoadBalancerConfigurationSpec, ConfigurationStatus>> extends NlbGatewayObjectDependent<R> {

  private final Class<R> type;

  protected NlbLoadBalancerConfigurationDependent(Class<R> type) {
    super(type, "LoadBalancerConfiguration");
    this.type = type;
  }

  @Override
  protected R desired(ExposedApp app, Context<ExposedApp> context) {
    return DesiredNlbLoadBalancerConfiguration.of(app, L4RouteDependent.plan(context), type);
  }

  /** {@code gateway.k8s.aws/v1}. */
  public static class V1 extends NlbLoadBalancerConfigurationDependent<LoadBalancerConfigurationV1> {
    public V1() {
      super(LoadBalancerConfigurationV1.class);
    }
  }

  /** {@code gateway.k8s.aws/v1beta1}. */
  public static class V1beta1 extends NlbLoadBalancerConfigurationDependent<LoadBalancerConfigurationV1beta1> {
    public V1beta1() {
      super(LoadBalancerConfigurationV1beta1.class);
    }
  }
}
