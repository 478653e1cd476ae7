package io.exposedapp.lbc;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code LoadBalancerConfiguration.spec}: the ALB or NLB of an app's own Gateway, which points at it through
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
    Map<String, String> tags,
    String ipAddressType,
    List<Attribute> loadBalancerAttributes) {

  /** An ALB's: no NLB fields. */
  public LoadBalancerConfigurationSpec(String scheme, String loadBalancerName,
      List<ListenerConfiguration> listenerConfigurations, List<String> sourceRanges,
      List<SubnetConfiguration> loadBalancerSubnets, List<String> securityGroups, Map<String, String> tags) {
    this(scheme, loadBalancerName, listenerConfigurations, sourceRanges, loadBalancerSubnets, securityGroups, tags,
        null, null);
  }

  /** {@code loadBalancerAttributes[]}, and a TargetGroupConfiguration's {@code targetGroupAttributes[]}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Attribute(String key, String value) {
  }

  /**
   * One listener's settings, keyed by {@code protocolPort} ({@code HTTPS:443}); the certificates of HTTPS come from
   * here (an ALB Gateway's listener carries no tls). {@code alpnPolicy} is written as the CRD defaults it: the list
   * is atomic, and a server default inside it would never match what is applied.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ListenerConfiguration(String protocolPort, String defaultCertificate, List<String> certificates,
      String alpnPolicy) {
  }

  /** {@code loadBalancerSubnets[]}: a subnet ID or name, and an NLB's Elastic IP or private address in it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SubnetConfiguration(String identifier, String eipAllocation,
      @JsonProperty("privateIPv4Allocation") String privateIpv4Allocation) {

    public SubnetConfiguration(String identifier) {
      this(identifier, null, null);
    }
  }
}
