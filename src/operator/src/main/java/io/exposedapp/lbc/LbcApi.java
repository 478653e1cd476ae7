package io.exposedapp.lbc;

import io.fabric8.kubernetes.client.CustomResource;

/** The AWS Load Balancer Controller's Gateway API group, and its versions the operator can write, newest first. */
public enum LbcApi {
  /** LBC v3.5 on: the stored version ({@code v1beta1} still served, deprecated). */
  V1("v1", TargetGroupConfigurationV1.class, LoadBalancerConfigurationV1.class),
  /** LBC v2.13 to v3.4. */
  V1BETA1("v1beta1", TargetGroupConfigurationV1beta1.class, LoadBalancerConfigurationV1beta1.class);

  public static final String GROUP = "gateway.k8s.aws";

  private final String version;
  private final Class<? extends CustomResource<TargetGroupConfigurationSpec, ConfigurationStatus>>
      targetGroupConfiguration;
  private final Class<? extends CustomResource<LoadBalancerConfigurationSpec, ConfigurationStatus>>
      loadBalancerConfiguration;

  LbcApi(String version,
      Class<? extends CustomResource<TargetGroupConfigurationSpec, ConfigurationStatus>> tgc,
      Class<? extends CustomResource<LoadBalancerConfigurationSpec, ConfigurationStatus>> lbc) {
    this.version = version;
    this.targetGroupConfiguration = tgc;
    this.loadBalancerConfiguration = lbc;
  }

  public String version() {
    return version;
  }

  public String apiVersion() {
    return GROUP + "/" + version;
  }

  public Class<? extends CustomResource<TargetGroupConfigurationSpec, ConfigurationStatus>>
      targetGroupConfiguration() {
    return targetGroupConfiguration;
  }

  public Class<? extends CustomResource<LoadBalancerConfigurationSpec, ConfigurationStatus>>
      loadBalancerConfiguration() {
    return loadBalancerConfiguration;
  }
}
