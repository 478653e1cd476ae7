package io.exposedapp.api;

import static io.exposedapp.api.Unmodifiable.copyOf;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * {@code spec.nlbGateway}: TCP and UDP ports through the AWS Load Balancer Controller's NLB Gateways (Gateway API's
 * TCPRoute, UDPRoute and TLSRoute), instance targets (NLB -> node:nodePort -> pod). Per port, a listener of a
 * platform team's NLB Gateway ({@code routes[].parentRef}), or of a Gateway of the app's own, {@code <app>-nlb},
 * whose LoadBalancerConfiguration the fields marked "own NLB" describe (the same fields as {@code loadBalancer}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NlbGatewaySpec(

    @JsonPropertyDescription("Whether the routes (and the app's own NLB Gateway) exist. Optional; true when the "
        + "section is present. Set false (or remove the section) to delete them and keep the Service.")
    Boolean enabled,

    @JsonPropertyDescription("The ports routed, one entry per port: which listener each is routed from. Required, "
        + "1..32.")
    @Required
    @Size(min = 1, max = 32)
    List<NlbGatewayRoute> routes,

    @JsonPropertyDescription("The NLB target groups' health check (TCP, HTTP or HTTPS), written to the "
        + "TargetGroupConfiguration for these routes. Optional; TCP on the traffic port (the nodePort) by default.")
    LoadBalancerHealthCheck healthCheck,

    @JsonPropertyDescription("Target group attributes, e.g. {deregistration_delay.timeout_seconds: \"30\"}, in the "
        + "TargetGroupConfiguration for these routes. Optional.")
    Map<String, String> targetGroupAttributes,

    @JsonPropertyDescription("Only nodes with these labels are registered as targets (the "
        + "TargetGroupConfiguration's nodeSelector). Optional; every node by default.")
    Map<String, String> targetNodeLabels,

    @JsonPropertyDescription("Own NLB only: the Gateway's gatewayClassName, a GatewayClass whose controllerName is "
        + "gateway.k8s.aws/nlb. Optional; defaults to the operator's EXPOSEDAPP_DEFAULT_NLB_GATEWAY_CLASS (nlb).")
    @Size(max = 253)
    String className,

    @JsonPropertyDescription("Own NLB only: internet-facing or internal. Optional; defaults to the operator's "
        + "EXPOSEDAPP_DEFAULT_SCHEME.")
    AlbScheme scheme,

    @JsonPropertyDescription("Own NLB only: client CIDRs allowed to reach the NLB (sourceRanges). Optional; the "
        + "controller's default is everyone.")
    @Size(max = 64)
    List<String> sourceRanges,

    @JsonPropertyDescription("Own NLB only: subnet IDs or names, one per Availability Zone (loadBalancerSubnets). "
        + "Optional; the controller discovers tagged subnets by default. Required with eipAllocations or "
        + "privateIpv4Addresses (one per subnet, in the same order).")
    @Size(max = 32)
    List<String> subnets,

    @JsonPropertyDescription("Own NLB only: Elastic IP allocation IDs, one per subnet (eipAllocation). Only with "
        + "scheme internet-facing. Optional.")
    @Size(max = 32)
    List<String> eipAllocations,

    @JsonPropertyDescription("Own NLB only: private IPv4 addresses, one per subnet (privateIPv4Allocation). Only "
        + "with scheme internal. Optional.")
    @Size(max = 32)
    List<String> privateIpv4Addresses,

    @JsonPropertyDescription("Own NLB only: ipv4 or dualstack. Optional; the controller's default is ipv4.")
    LoadBalancerSpec.IpAddressType ipAddressType,

    @JsonPropertyDescription("Own NLB only: security group IDs or names for the NLB. Optional; the controller "
        + "creates one by default.")
    @Size(max = 16)
    List<String> securityGroups,

    @JsonPropertyDescription("Own NLB only: AWS tags for the NLB. Optional.")
    Map<String, String> tags,

    @JsonPropertyDescription("Own NLB only: load balancer attributes, e.g. {load_balancing.cross_zone.enabled: "
        + "\"true\"} (loadBalancerAttributes). Optional.")
    Map<String, String> attributes,

    @JsonPropertyDescription("Own NLB only: the NLB's name, at most 32 characters (an AWS limit), letters, digits "
        + "and '-'. Optional; the controller generates one.")
    @Size(max = 32)
    @Pattern(IngressSpec.LOAD_BALANCER_NAME)
    String loadBalancerName,

    @JsonPropertyDescription("Own NLB only: ACM certificate ARNs of its TLS listeners (routes with tls), the first "
        + "the default certificate. Required when a route on the own Gateway has tls.")
    @Size(max = 25)
    List<String> certificateArns) {

  /** The name of an app's own NLB Gateway and its LoadBalancerConfiguration: {@code <app>-nlb}. */
  public static final String OWN_GATEWAY_SUFFIX = "-nlb";

  public NlbGatewaySpec {
    routes = copyOf(routes);
    targetGroupAttributes = copyOf(targetGroupAttributes);
    targetNodeLabels = copyOf(targetNodeLabels);
    sourceRanges = copyOf(sourceRanges);
    subnets = copyOf(subnets);
    eipAllocations = copyOf(eipAllocations);
    privateIpv4Addresses = copyOf(privateIpv4Addresses);
    securityGroups = copyOf(securityGroups);
    tags = copyOf(tags);
    attributes = copyOf(attributes);
    certificateArns = copyOf(certificateArns);
  }

  /** The section is present: the routes are wanted unless {@code enabled: false}. */
  public boolean isEnabled() {
    return enabled == null || enabled;
  }

  /** The routes asked for, in spec order; empty when none. */
  public List<NlbGatewayRoute> routeList() {
    return routes == null ? List.of() : routes;
  }

  /** Some route has no parentRef: the app gets an NLB Gateway of its own. */
  public boolean ownsGateway() {
    return routeList().stream().anyMatch(r -> r != null && r.onOwnGateway());
  }

  /** Whether a field that describes the app's own NLB is set. */
  public boolean setsOwnNlbFields() {
    return className != null || scheme != null || sourceRanges != null || subnets != null || eipAllocations != null
        || privateIpv4Addresses != null || ipAddressType != null || securityGroups != null || tags != null
        || attributes != null || loadBalancerName != null || certificateArns != null;
  }

  /** The name of the app's own NLB Gateway and LoadBalancerConfiguration. */
  public static String ownGatewayName(String appName) {
    return appName + OWN_GATEWAY_SUFFIX;
  }
}
