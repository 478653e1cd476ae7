package io.exposedapp.lbc;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code LoadBalancerConfiguration.spec}: the ALB of an app's own Gateway, which points at it through
 * {@code spec.infrastructure.parametersRef}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadBalancerConfigurationSpec(
    String scheme,
    String loadBalancerName,
    List<ListenerConfiguration> listenerConfigurations,
    List<String> sourceRanges,
    List<SubnetConfiguration> loadBalancerSubnets,
    List<String> securityGroups,
    Map<String, String> tags) {

  /**
   * One listener's settings, keyed by {@code protocolPort} ({@code HTTPS:443}); the certificates of HTTPS come from
   * here (an ALB Gateway's listener carries no tls). {@code alpnPolicy} is written as the CRD defaults it: the list
   * is atomic, and a server default inside it would never match what is applied.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ListenerConfiguration(String protocolPort, String defaultCertificate, List<String> certificates,
      String alpnPolicy) {
  }

  /** {@code loadBalancerSubnets[]}: a subnet ID or name. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SubnetConfiguration(String identifier) {
  }
}
