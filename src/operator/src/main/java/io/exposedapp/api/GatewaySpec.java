package io.exposedapp.api;

import static io.exposedapp.api.Unmodifiable.copyOf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * {@code spec.gateway}: a way in through the AWS Load Balancer Controller's Gateway API support, with instance targets
 * (ALB -> node:nodePort -> pod). Two forms: with {@code parentRefs} the app's HTTPRoute attaches to Gateways the
 * platform team owns; without, the operator also writes a Gateway and a LoadBalancerConfiguration of the app's own,
 * from the ALB fields below (the same options as {@code spec.ingress}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// message only, as on ExposedAppSpec: fieldPath and reason are unknown before Kubernetes 1.28
@ValidationRule(value = GatewaySpec.OWN_ALB_FIELDS_RULE,
    message = "className, scheme, certificateArns, inboundCidrs, subnets, securityGroups, tags, loadBalancerName and "
        + "listeners describe an ALB of the app's own: they cannot be set together with parentRefs")
public record GatewaySpec(

    @JsonPropertyDescription("Whether the Gateway API objects exist. Optional; true when the gateway section is "
        + "present. Set false (or remove the section) to delete them and keep the Service (and any Ingress).")
    Boolean enabled,

    @JsonPropertyDescription("Gateways to attach the app's HTTPRoute to (Gateway API ParentReference): name, "
        + "namespace (default: the app's), sectionName (a listener's name; default: every listener). Optional; when "
        + "absent the operator writes a Gateway of the app's own (one ALB per app) and attaches to it.")
    @Size(max = 32)
    List<GatewayParentRef> parentRefs,

    @JsonPropertyDescription("Host names the HTTPRoute matches, e.g. shop.example.com or *.example.com. Optional; "
        + "every host when absent.")
    @Size(max = 16)
    List<@Size(max = 253) @Pattern(IngressRule.HOST) String> hostnames,

    @JsonPropertyDescription("Routing rules, path to one of the app's port names, as ingress.rules. Optional; when "
        + "empty, every request (PathPrefix /) goes to the first port.")
    @Size(max = 16)
    List<GatewayRule> rules,

    @JsonPropertyDescription("Target group health check, written to the TargetGroupConfiguration's "
        + "defaultConfiguration.healthCheckConfig. Optional; the controller's defaults apply to what is not set.")
    HealthCheck healthCheck,

    @JsonPropertyDescription("Own ALB only: the Gateway's gatewayClassName, a GatewayClass whose controllerName is "
        + "gateway.k8s.aws/alb. Optional; defaults to the operator's EXPOSEDAPP_DEFAULT_GATEWAY_CLASS (alb).")
    @Size(max = 253)
    String className,

    @JsonPropertyDescription("Own ALB only: LoadBalancerConfiguration scheme, internet-facing or internal. Optional; "
        + "defaults to the operator's EXPOSEDAPP_DEFAULT_SCHEME.")
    AlbScheme scheme,

    @JsonPropertyDescription("Own ALB only: ACM certificate ARNs of the HTTPS listener (the first is its "
        + "defaultCertificate). With certificates the Gateway listens on HTTPS 443 as well as HTTP 80. Optional.")
    @Size(max = 25)
    List<String> certificateArns,

    @JsonPropertyDescription("Own ALB only: LoadBalancerConfiguration sourceRanges, the client CIDRs allowed to reach "
        + "the ALB. Optional; the controller's default is everyone.")
    List<String> inboundCidrs,

    @JsonPropertyDescription("Own ALB only: subnet IDs or names for the ALB (loadBalancerSubnets). Optional; the "
        + "controller discovers tagged subnets by default.")
    List<String> subnets,

    @JsonPropertyDescription("Own ALB only: security group IDs or names for the ALB. Optional; the controller "
        + "creates one by default.")
    List<String> securityGroups,

    @JsonPropertyDescription("Own ALB only: AWS tags for the ALB. Optional.")
    Map<String, String> tags,

    @JsonPropertyDescription("Own ALB only: the ALB's name, at most 32 characters (an AWS limit), letters, digits and "
        + "'-'. Optional; the controller generates one.")
    @Size(max = 32)
    @Pattern(IngressSpec.LOAD_BALANCER_NAME)
    String loadBalancerName,

    @JsonPropertyDescription("Own ALB only: the Gateway's listeners. Optional; default HTTP 80, plus HTTPS 443 with "
        + "certificateArns. HTTPS needs certificateArns.")
    @Size(max = 8)
    List<GatewayListener> listeners) {

  /** CEL on {@code spec.gateway}: the fields of an own ALB and {@code parentRefs} exclude each other. */
  public static final String OWN_ALB_FIELDS_RULE = "!has(self.parentRefs) || size(self.parentRefs) == 0 || "
      + "!(has(self.className) || has(self.scheme) || has(self.certificateArns) || has(self.inboundCidrs) "
      + "|| has(self.subnets) || has(self.securityGroups) || has(self.tags) || has(self.loadBalancerName) "
      + "|| has(self.listeners))";

  public GatewaySpec {
    parentRefs = copyOf(parentRefs);
    hostnames = copyOf(hostnames);
    rules = copyOf(rules);
    certificateArns = copyOf(certificateArns);
    inboundCidrs = copyOf(inboundCidrs);
    subnets = copyOf(subnets);
    securityGroups = copyOf(securityGroups);
    tags = tags == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    listeners = copyOf(listeners);
  }

  /** The section is present: the objects are wanted unless {@code enabled: false}. */
  public boolean isEnabled() {
    return enabled == null || enabled;
  }

  /** Without parentRefs the operator writes the app's own Gateway and LoadBalancerConfiguration. */
  public boolean ownsGateway() {
    return parentRefs == null || parentRefs.isEmpty();
  }

  /** The Gateways the HTTPRoute attaches to: {@code parentRefs}, else the app's own, which has the app's name. */
  public List<GatewayParentRef> effectiveParentRefs(String appName) {
    return ownsGateway() ? List.of(new GatewayParentRef(appName, null, null)) : parentRefs;
  }

  public boolean hasCertificates() {
    return certificateArns != null && !certificateArns.isEmpty();
  }

  /** The listeners of an own Gateway: as written, else HTTP 80 and, with certificates, HTTPS 443. */
  public List<GatewayListener> effectiveListeners() {
    if (listeners != null && !listeners.isEmpty()) {
      return listeners;
    }
    return hasCertificates()
        ? List.of(new GatewayListener(GatewayListener.Protocol.HTTP, 80),
            new GatewayListener(GatewayListener.Protocol.HTTPS, 443))
        : List.of(new GatewayListener(GatewayListener.Protocol.HTTP, 80));
  }
}
