package io.exposedapp.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * {@code spec.ingress.healthCheck} and {@code spec.gateway.healthCheck}: the ALB target group's health check. Unset
 * fields keep the controller's default.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthCheck(

    @JsonPropertyDescription("Path the ALB checks, e.g. /healthz (controller default /). Ingress: "
        + "alb.ingress.kubernetes.io/healthcheck-path; Gateway: healthCheckPath.")
    @Pattern("^/.*$")
    String path,

    @JsonPropertyDescription("traffic-port (the nodePort, the controller default) or a port number. Ingress: "
        + "alb.ingress.kubernetes.io/healthcheck-port; Gateway: healthCheckPort.")
    @Pattern("^(traffic-port|[0-9]{1,5})$")
    String port,

    @JsonPropertyDescription("HTTP or HTTPS (default HTTP). Ingress: alb.ingress.kubernetes.io/"
        + "healthcheck-protocol; Gateway: healthCheckProtocol.")
    HealthCheckProtocol protocol,

    @JsonPropertyDescription("Seconds between checks, 5..300 (default 15). Ingress: alb.ingress.kubernetes.io/"
        + "healthcheck-interval-seconds; Gateway: healthCheckInterval.")
    @Min(5)
    @Max(300)
    Integer intervalSeconds,

    @JsonPropertyDescription("Seconds a check may take, 2..120 (default 5); less than intervalSeconds. Ingress: "
        + "alb.ingress.kubernetes.io/healthcheck-timeout-seconds; Gateway: healthCheckTimeout.")
    @Min(2)
    @Max(120)
    Integer timeoutSeconds,

    @JsonPropertyDescription("Checks passed in a row before a target is healthy, 2..10 (default 2). Ingress: "
        + "alb.ingress.kubernetes.io/healthy-threshold-count; Gateway: healthyThresholdCount.")
    @Min(2)
    @Max(10)
    Integer healthyThreshold,

    @JsonPropertyDescription("Checks failed in a row before a target is unhealthy, 2..10 (default 2). Ingress: "
        + "alb.ingress.kubernetes.io/unhealthy-threshold-count; Gateway: unhealthyThresholdCount.")
    @Min(2)
    @Max(10)
    Integer unhealthyThreshold,

    @JsonPropertyDescription("HTTP codes of a healthy answer, e.g. 200, 200,302 or 200-399 (default 200). "
        + "Ingress: alb.ingress.kubernetes.io/success-codes; Gateway: matcher.httpCode.")
    @Pattern("^[0-9]{3}(-[0-9]{3})?(,[0-9]{3}(-[0-9]{3})?)*$")
    String successCodes) {

  /** Health check protocols. */
  public enum HealthCheckProtocol {
    HTTP, HTTPS
  }
}
