package io.exposedapp.api;

import static io.exposedapp.api.Unmodifiable.copyOf;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Size;

/**
 * {@code spec.loadBalancer}: an NLB of the app's own in instance mode (NLB -> node:nodePort -> pod). The app's Service
 * becomes type LoadBalancer with {@code loadBalancerClass: service.k8s.aws/nlb}, so that only the AWS Load Balancer
 * Controller provisions it; each field maps to one {@code service.beta.kubernetes.io/aws-load-balancer-*} annotation
 * or to the Service's spec.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadBalancerSpec(

    @JsonPropertyDescription("Whether the NLB exists. Optional; true when the loadBalancer section is present. Set "
        + "false (or remove the section) to turn the Service back into type NodePort: the same Service, the same "
        + "nodePorts; the AWS Load Balancer Controller deletes the NLB.")
    Boolean enabled,

    @JsonPropertyDescription("service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing (public) or "
        + "internal. Optional; defaults to the operator's EXPOSEDAPP_DEFAULT_SCHEME (internal, the controller's own "
        + "default).")
    AlbScheme scheme,

    @JsonPropertyDescription("The Service's spec.loadBalancerSourceRanges: client CIDRs allowed to reach the NLB "
        + "(the controller opens the nodePorts to them in the nodes' security group). Optional; the controller's "
        + "default is everyone (0.0.0.0/0).")
    @Size(max = 64)
    List<String> sourceRanges,

    @JsonPropertyDescription("service.beta.kubernetes.io/aws-load-balancer-subnets: subnet IDs or names, one per "
        + "Availability Zone. Optional; the controller discovers tagged subnets by default. Required with "
        + "eipAllocations or privateIpv4Addresses (one per subnet, in the same order).")
    @Size(max = 32)
    List<String> subnets,

    @JsonPropertyDescription("service.beta.kubernetes.io/aws-load-balancer-eip-allocations: Elastic IP allocation "
        + "IDs, one per subnet. Only with scheme internet-facing. Optional.")
    @Size(max = 32)
    List<String> eipAllocations,

    @JsonPropertyDescription("service.beta.kubernetes.io/aws-load-balancer-private-ipv4-addresses: the NLB's "
        + "private IPv4 addresses, one per subnet, each within its subnet's CIDR. Only with scheme internal. "
        + "Optional.")
    @Size(max = 32)
    List<String> privateIpv4Addresses,

    @JsonPropertyDescription("service.beta.kubernetes.io/aws-load-balancer-ip-address-type: ipv4 or dualstack. "
        + "Optional; the controller's default is ipv4.")
    IpAddressType ipAddressType,

    @JsonPropertyDescription("service.beta.kubernetes.io/aws-load-balancer-security-groups: security group IDs or "
        + "names for the NLB's frontend. Optional; the controller creates one by default.")
    @Size(max = 16)
    List<String> securityGroups,

    @JsonPropertyDescription("service.beta.kubernetes.io/aws-load-balancer-additional-resource-tags: AWS tags for "
        + "the NLB and its target groups. Optional.")
    Map<String, String> tags,

    @JsonPropertyDescription("TLS listeners: the NLB terminates TLS on these TCP ports with these certificates "
        + "(service.beta.kubernetes.io/aws-load-balancer-ssl-cert and -ssl-ports). Optional; no TLS listener by "
        + "default.")
    LoadBalancerTls tls,

    @JsonPropertyDescription("The target groups' health check (service.beta.kubernetes.io/"
        + "aws-load-balancer-healthcheck-*). Optional; TCP on the traffic port (the nodePort) by default.")
    LoadBalancerHealthCheck healthCheck,

    @JsonPropertyDescription("service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: target group "
        + "attributes, e.g. {preserve_client_ip.enabled: \"true\", deregistration_delay.timeout_seconds: \"30\"}. "
        + "Optional.")
    Map<String, String> targetGroupAttributes,

    @JsonPropertyDescription("service.beta.kubernetes.io/aws-load-balancer-attributes: load balancer attributes, "
        + "e.g. {load_balancing.cross_zone.enabled: \"true\"}. Optional.")
    Map<String, String> attributes,

    @JsonPropertyDescription("service.beta.kubernetes.io/aws-load-balancer-target-node-labels: only nodes with "
        + "these labels are registered as targets. Optional; every node by default.")
    Map<String, String> targetNodeLabels,

    @JsonPropertyDescription("Further annotations copied onto the Service, e.g. other "
        + "service.beta.kubernetes.io/aws-load-balancer-* settings. Optional. The target type (always instance) "
        + "cannot be set, nor an annotation that a field above already sets.")
    Map<String, String> annotations) {

  public LoadBalancerSpec {
    sourceRanges = copyOf(sourceRanges);
    subnets = copyOf(subnets);
    eipAllocations = copyOf(eipAllocations);
    privateIpv4Addresses = copyOf(privateIpv4Addresses);
    securityGroups = copyOf(securityGroups);
    tags = copyOf(tags);
    targetGroupAttributes = copyOf(targetGroupAttributes);
    attributes = copyOf(attributes);
    targetNodeLabels = copyOf(targetNodeLabels);
    annotations = copyOf(annotations);
  }

  /** The section is present: the NLB is wanted unless {@code enabled: false}. */
  public boolean isEnabled() {
    return enabled == null || enabled;
  }

  /** {@code service.beta.kubernetes.io/aws-load-balancer-ip-address-type}. */
  public enum IpAddressType {
    ipv4, dualstack
  }
}
