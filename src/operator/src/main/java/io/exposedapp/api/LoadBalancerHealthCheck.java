package io.exposedapp.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * {@code spec.loadBalancer.healthCheck}: the NLB target groups' health check, in the shape of {@code
 * ingress.healthCheck} with TCP added (the NLB's default). Unset fields keep the controller's default.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadBalancerHealthCheck(

    @JsonPropertyDescription("Path of an HTTP or HTTPS check, e.g. /healthz (controller default /). "
        + "service.beta.kubernetes.io/aws-load-balancer-healthcheck-path; not with protocol TCP.")
    @Pattern("^/.*$")
    String path,

    @JsonPropertyDescription("traffic-port (the nodePort, the controller default) or a port number. "
        + "service.beta.kubernetes.io/aws-load-balancer-healthcheck-port.")
    @Pattern("^(traffic-port|[0-9]{1,5})$")
    String port,

    @JsonPropertyDescription("TCP, HTTP or HTTPS (default TCP). "
        + "service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol.")
    Protocol protocol,

    @JsonPropertyDescription("Seconds between checks, 5..300 (default 10). "
        + "service.beta.kubernetes.io/aws-load-balancer-healthcheck-interval.")
    @Min(5)
    @Max(300)
    Integer intervalSeconds,

    @JsonPropertyDescription("Seconds a check may take, 2..120 (default 10); less than intervalSeconds. "
        + "service.beta.kubernetes.io/aws-load-balancer-healthcheck-timeout.")
    @Min(2)
    @Max(120)
    Integer timeoutSeconds,

    @JsonPropertyDescription("Checks passed in a row before a target is healthy, 2..10 (default 3). "
        + "service.beta.kubernetes.io/aws-load-balancer-healthcheck-healthy-threshold.")
    @Min(2)
    @Max(10)
    Integer healthyThreshold,

    @JsonPropertyDescription("Checks failed in a row before a target is unhealthy, 2..10 (default 3). "
        + "service.beta.kubernetes.io/aws-load-balancer-healthcheck-unhealthy-threshold.")
    @Min(2)
    @Max(10)
    Integer unhealthyThreshold,

    @JsonPropertyDescription("HTTP codes of a healthy answer of an HTTP or HTTPS check, e.g. 200 or 200-399 "
        + "(default 200-399). service.beta.kubernetes.io/aws-load-balancer-healthcheck-success-codes.")
    @Pattern("^[0-9]{3}(-[0-9]{3})?(,[0-9]{3}(-[0-9]{3})?)*$")
    String successCodes) {

  /** Health check protocols of an NLB target group. */
  public enum Protocol {
    TCP, HTTP, HTTPS
  }
}
