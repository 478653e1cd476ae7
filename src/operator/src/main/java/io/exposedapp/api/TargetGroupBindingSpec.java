package io.exposedapp.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * {@code spec.targetGroupBindings[]}: an existing target group (made outside Kubernetes) in which the AWS Load Balancer
 * Controller keeps the nodes registered at one port's nodePort: one TargetGroupBinding, target type instance.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// message only, as ExposedAppSpec's rule (fieldPath and reason are unknown before Kubernetes 1.28)
@ValidationRule(value = TargetGroupBindingSpec.ONE_TARGET_GROUP_RULE,
    message = "exactly one of targetGroupARN and targetGroupName must be set")
public record TargetGroupBindingSpec(

    @JsonPropertyDescription("Name of the app's port (spec.ports[].name) whose nodePort the target group's targets "
        + "listen on. Required; one binding per port (the list is keyed by port). The binding's serviceRef.port is "
        + "that port's Service port, as the controller expects, not the nodePort.")
    @Required
    @Size(max = 63)
    @Pattern(PortSpec.DNS_1123_LABEL)
    String port,

    @JsonPropertyDescription("ARN of the existing target group (target type instance). Exactly one of "
        + "targetGroupARN and targetGroupName.")
    @Size(max = 2048)
    @Pattern("^arn:[^:]+:elasticloadbalancing:[^:]*:[0-9]*:targetgroup/.+$")
    String targetGroupARN,

    @JsonPropertyDescription("Name of the existing target group, looked up by the controller in the cluster's "
        + "region and account. Exactly one of targetGroupARN and targetGroupName.")
    @Size(max = 32)
    @Pattern("^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$")
    String targetGroupName,

    @JsonPropertyDescription("Sources allowed to reach the targets: the controller opens exactly the port's "
        + "allocated nodePort (and follows it) to each, in the nodes' security group (the binding's "
        + "networking.ingress). Optional; without it the controller changes no security group rule.")
    @Size(max = 16)
    List<AllowFrom> allowFrom,

    @JsonPropertyDescription("Only nodes with these labels are registered (the binding's nodeSelector.matchLabels). "
        + "Optional; every node by default.")
    Map<String, String> nodeSelector,

    @JsonPropertyDescription("The TargetGroupBinding's name. Optional; defaults to the ExposedApp's name and the "
        + "port's joined by '-'. Set it to take over a binding written by hand (with spec.adopt), which keeps the "
        + "targets registered: a new binding of the same target group would be refused by the controller.")
    @Size(max = 253)
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    String name) {

  /** CEL on an entry: the target group is named exactly one way. */
  public static final String ONE_TARGET_GROUP_RULE = "has(self.targetGroupARN) != has(self.targetGroupName)";

  public TargetGroupBindingSpec {
    allowFrom = allowFrom == null ? null : Collections.unmodifiableList(new ArrayList<>(allowFrom));
    nodeSelector = nodeSelector == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(nodeSelector));
  }

  /** {@code allowFrom[]}: one source, a CIDR block or a security group. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = AllowFrom.ONE_SOURCE_RULE, message = "exactly one of cidr and securityGroup must be set")
  public record AllowFrom(

      @JsonPropertyDescription("An IPv4 or IPv6 CIDR block, e.g. 10.0.0.0/16.")
      @Size(max = 64)
      String cidr,

      @JsonPropertyDescription("A security group ID, e.g. sg-0123456789abcdef0: its members may connect.")
      @Size(max = 64)
      @Pattern("^sg-[0-9a-f]+$")
      String securityGroup) {

    /** CEL on a source: exactly one kind. */
    public static final String ONE_SOURCE_RULE = "has(self.cidr) != has(self.securityGroup)";
  }
}
