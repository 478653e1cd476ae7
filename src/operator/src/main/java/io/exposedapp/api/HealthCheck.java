package io.exposedapp.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** {@code spec.ingress.healthCheck}: the ALB target group's health check. Unset fields keep the controller's default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthCheck(

    @JsonPropertyDescription("alb.ingress.kubernetes.io/healthcheck-path, e.g. /healthz (controller default /).")
    @Pattern("^/.*$")
    String path,

    @JsonPropertyDescription("alb.ingress.kubernetes.io/healthcheck-port: traffic-port (the nodePort, the "
        + "controller default) or a port number.")
    @Pattern("^(traffic-port|[0-9]{1,5})$")
    String port,

    @JsonPropertyDescription("alb.ingress.kubernetes.io/healthcheck-protocol: HTTP or HTTPS (default HTTP).")
    HealthCheckProtocol protocol,

    @JsonPropertyDescription("alb.ingress.kubernetes.io/healthcheck-interval-seconds, 5..300 (default 15).")
    @Min(5)
    @Max(300)
    Integer intervalSeconds,

    @JsonPropertyDescription("alb.ingress.kubernetes.io/healthcheck-timeout-seconds, 2..120 (default 5); less "
        + "than intervalSeconds.")
    @Min(2)
    @Max(120)
    Integer timeoutSeconds,

    @JsonPropertyDescription("alb.ingress.kubernetes.io/healthy-threshold-count, 2..10 (default 2).")
    @Min(2)
    @Max(10)
    Integer healthyThreshold,

    @JsonPropertyDescription("alb.ingress.kubernetes.io/unhealthy-threshold-count, 2..10 (default 2).")
    @Min(2)
    @Max(10)
    Integer unhealthyThreshold,

    @JsonPropertyDescription("alb.ingress.kubernetes.io/success-codes: HTTP codes, e.g. 200, 200,302 or "
        + "200-399 (default 200).")
    @Pattern("^[0-9]{3}(-[0-9]{3})?(,[0-9]{3}(-[0-9]{3})?)*$")
    String successCodes) {

  /** Health check protocols. */
  public enum HealthCheckProtocol {
    HTTP, HTTPS
  }
}
