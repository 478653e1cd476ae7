package io.exposedapp.lbc;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code TargetGroupConfiguration.spec}: the Service whose target groups it configures, and their defaults.
 *
 * @param targetReference the Service (kind Service, core group: written out, as the CRD defaults them)
 * @param defaultConfiguration what every target group of that Service gets
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetGroupConfigurationSpec(TargetReference targetReference, TargetGroupProps defaultConfiguration) {

  /** {@code spec.targetReference}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TargetReference(String group, String kind, String name) {
  }

  /** {@code TargetGroupProps}: {@code targetType} instance sends the ALB's traffic to node:nodePort. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TargetGroupProps(String targetType, HealthCheckConfig healthCheckConfig) {
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
