package io.exposedapp.lbc;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code TargetGroupConfiguration.spec}: the Service whose target groups it configures, and their defaults.
 *
 * @param targetReference the Service (kind Service, core group: written out, as the CRD defaults them)
 * @param defaultConfiguration what every target group of that Service gets
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetGroupConfigurationSpec(TargetReference targetReference, TargetGroupProps defaultConfiguration,
    List<RouteConfiguration> routeConfigurations) {

  /** Without route configurations. */
  public TargetGroupConfigurationSpec(TargetReference targetReference, TargetGroupProps defaultConfiguration) {
    this(targetReference, defaultConfiguration, null);
  }

  /**
   * {@code routeConfigurations[]}: what the target groups of the routes {@code routeIdentifier} names get instead of
   * the default (field by field; a health check as a whole).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RouteConfiguration(RouteIdentifier routeIdentifier, TargetGroupProps targetGroupProps) {
  }

  /** {@code routeIdentifier}: routes of a kind, in a namespace, or one by name. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RouteIdentifier(String kind, String namespace, String name) {
  }

  /** {@code spec.targetReference}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TargetReference(String group, String kind, String name) {
  }

  /** {@code TargetGroupProps}: {@code targetType} instance sends the ALB's traffic to node:nodePort. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TargetGroupProps(String targetType, HealthCheckConfig healthCheckConfig, String protocol,
      List<LoadBalancerConfigurationSpec.Attribute> targetGroupAttributes, NodeSelector nodeSelector) {

    public TargetGroupProps(String targetType, HealthCheckConfig healthCheckConfig) {
      this(targetType, healthCheckConfig, null, null, null);
    }
  }

  /** {@code nodeSelector}: which nodes are registered as targets. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NodeSelector(java.util.Map<String, String> matchLabels) {
  }

  /** {@code healthCheckConfig}; the port is a string ({@code traffic-port} or a number), as the CRD has it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record HealthCheckConfig(String healthCheckPath, String healthCheckPort, String healthCheckProtocol,
      Integer healthCheckInterval, Integer healthCheckTimeout, Integer healthyThresholdCount,
      Integer unhealthyThresholdCount, Matcher matcher) {
  }

  /** {@code healthCheckConfig.matcher}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Matcher(String httpCode) {
  }
}
