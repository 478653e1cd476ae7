package io.exposedapp.gateway;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.lbc.ConfigurationStatus;
import io.exposedapp.lbc.LoadBalancerConfigurationSpec;
import io.exposedapp.lbc.LoadBalancerConfigurationV1;
import io.exposedapp.lbc.LoadBalancerConfigurationV1beta1;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * The LoadBalancerConfiguration of an app's own Gateway, in each {@code gateway.k8s.aws} version the operator can
 * write (see {@link TargetGroupConfigurationDependent}).
 */
public abstract class LoadBalancerConfigurationDependent<
    R extends CustomResource<LoadBalancerConfigurationSpec, ConfigurationStatus>> extends GatewayObjectDependent<R> {

  private final Class<R> type;

  protected LoadBalancerConfigurationDependent(Class<R> type) {
    super(type, "LoadBalancerConfiguration");
    this.type = type;
  }

  @Override
  protected R desired(ExposedApp app, Context<ExposedApp> context) {
    return DesiredLoadBalancerConfiguration.of(app, gatewayPlan(context), type);
  }

  /** {@code gateway.k8s.aws/v1}. */
  public static class V1 extends LoadBalancerConfigurationDependent<LoadBalancerConfigurationV1> {
    public V1() {
      super(LoadBalancerConfigurationV1.class);
    }
  }

  /** {@code gateway.k8s.aws/v1beta1}. */
  public static class V1beta1 extends LoadBalancerConfigurationDependent<LoadBalancerConfigurationV1beta1> {
    public V1beta1() {
      super(LoadBalancerConfigurationV1beta1.class);
    }
  }
}
