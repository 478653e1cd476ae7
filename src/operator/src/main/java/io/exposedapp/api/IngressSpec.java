package io.exposedapp.api;

import static io.exposedapp.api.Unmodifiable.copyOf;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * {@code spec.ingress}: an Ingress for the AWS Load Balancer Controller in instance mode (ALB -> node:nodePort ->
 * pod). Each field maps to one {@code alb.ingress.kubernetes.io/*} annotation or to the Ingress spec.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngressSpec(

    @JsonPropertyDescription("Whether the Ingress exists. Optional; true when the ingress section is present. "
        + "Set false (or remove the section) to delete the Ingress and keep the Service.")
    Boolean enabled,

    @JsonPropertyDescription("spec.ingressClassName of the Ingress. Optional; defaults to the operator's "
        + "EXPOSEDAPP_DEFAULT_INGRESS_CLASS (alb).")
    @Size(max = 253)
    String className,

    @JsonPropertyDescription("alb.ingress.kubernetes.io/scheme: internet-facing (public) or internal. Optional; "
        + "defaults to the operator's EXPOSEDAPP_DEFAULT_SCHEME (internal, the controller's own default).")
    AlbScheme scheme,

    @JsonPropertyDescription("Routing rules, host and path to one of the app's port names. Optional; when empty, "
        + "every request (no host, path /) goes to the first port.")
    @Size(max = 32)
    List<IngressRule> rules,

    @JsonPropertyDescription("alb.ingress.kubernetes.io/group.name: the IngressGroup to share one ALB with "
        + "other Ingresses. Optional. Lower-case letters, digits, '-' and '.', starting and ending with a letter or "
        + "digit, at most 63 characters.")
    @Size(max = 63)
    @Pattern(GROUP_NAME)
    String groupName,

    @JsonPropertyDescription("alb.ingress.kubernetes.io/group.order: the order of this Ingress's rules in the "
        + "group, 1..1000 (lower first). Optional; the controller's default is 0.")
    @Min(1)
    @Max(1000)
    Integer groupOrder,

    @JsonPropertyDescription("alb.ingress.kubernetes.io/certificate-arn: ACM (or IAM server) certificate ARNs. "
        + "When set the ALB listens on HTTPS 443 as well as HTTP 80. Optional.")
    @Size(max = 25)
    List<String> certificateArns,

    @JsonPropertyDescription("alb.ingress.kubernetes.io/ssl-redirect: redirect HTTP 80 to HTTPS 443. Requires "
        + "certificateArns. Optional; default false.")
    Boolean sslRedirect,

    @JsonPropertyDescription("Target group health check (alb.ingress.kubernetes.io/healthcheck-*). Optional; the "
        + "controller's defaults apply to what is not set.")
    HealthCheck healthCheck,

    @JsonPropertyDescription("alb.ingress.kubernetes.io/inbound-cidrs: client CIDRs allowed to reach the ALB. "
        + "Optional; the controller's default is everyone (0.0.0.0/0).")
    List<String> inboundCidrs,

    @JsonPropertyDescription("alb.ingress.kubernetes.io/subnets: subnet IDs or names for the ALB. Optional; the "
        + "controller discovers tagged subnets by default.")
    List<String> subnets,

    @JsonPropertyDescription("alb.ingress.kubernetes.io/security-groups: security group IDs or names for the "
        + "ALB. Optional; the controller creates one by default.")
    List<String> securityGroups,

    @JsonPropertyDescription("alb.ingress.kubernetes.io/tags: AWS tags for the ALB and its target groups. "
        + "Optional.")
    Map<String, String> tags,

    @JsonPropertyDescription("alb.ingress.kubernetes.io/load-balancer-name: the ALB's name, at most 32 "
        + "characters (an AWS limit), letters, digits and '-'. Optional; the controller generates one.")
    @Size(max = 32)
    @Pattern(LOAD_BALANCER_NAME)
    String loadBalancerName,

    @JsonPropertyDescription("Further annotations copied onto the Ingress, e.g. other "
        + "alb.ingress.kubernetes.io/* settings. Optional. alb.ingress.kubernetes.io/target-type cannot be set "
        + "(it is always instance), nor an annotation that a field above already sets.")
    Map<String, String> annotations) {

  /** AWS Load Balancer Controller's IngressGroup name rule. */
  public static final String GROUP_NAME = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";
  /** ALB names: letters, digits and '-', not starting or ending with '-'. */
  public static final String LOAD_BALANCER_NAME = "^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$";

  public IngressSpec {
    rules = copyOf(rules);
    certificateArns = copyOf(certificateArns);
    inboundCidrs = copyOf(inboundCidrs);
    subnets = copyOf(subnets);
    securityGroups = copyOf(securityGroups);
    tags = copyOf(tags);
    annotations = copyOf(annotations);
  }

  /** The section is present: the Ingress is wanted unless {@code enabled: false}. */
  public boolean isEnabled() {
    return enabled == null || enabled;
  }

  public boolean hasCertificates() {
    return certificateArns != null && !certificateArns.isEmpty();
  }
}
