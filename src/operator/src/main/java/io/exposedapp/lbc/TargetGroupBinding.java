package io.exposedapp.lbc;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The AWS Load Balancer Controller's {@code elbv2.k8s.aws/v1beta1} TargetGroupBinding, as far as the operator writes
 * and reads it: the controller keeps the nodes registered in an existing target group at a Service port's nodePort.
 */
@Group(TargetGroupBinding.GROUP)
@Version("v1beta1")
@Kind("TargetGroupBinding")
@Plural("targetgroupbindings")
public class TargetGroupBinding extends CustomResource<TargetGroupBinding.Spec, TargetGroupBinding.Status>
    implements Namespaced {

  public static final String GROUP = "elbv2.k8s.aws";
  public static final String API_VERSION = GROUP + "/v1beta1";

  /**
   * {@code spec}.
   *
   * @param targetGroupARN the target group, by ARN
   * @param targetGroupName the target group, by name (LBC v2.10 on)
   * @param targetType instance: the nodes at the Service port's nodePort
   * @param serviceRef the Service and its port (the Service port, not the nodePort)
   * @param networking the security group rules LBC keeps for the targets
   * @param nodeSelector which nodes are registered
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Spec(String targetGroupARN, String targetGroupName, String targetType, ServiceReference serviceRef,
      Networking networking, NodeSelector nodeSelector) {
  }

  /** {@code spec.serviceRef}: {@code port} is the Service port's number or name. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ServiceReference(String name, IntOrString port) {
  }

  /** {@code spec.networking}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Networking(List<NetworkingIngressRule> ingress) {
  }

  /** {@code spec.networking.ingress[]}: these sources may reach these ports of the targets. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NetworkingIngressRule(List<NetworkingPeer> from, List<NetworkingPort> ports) {
  }

  /** {@code from[]}: a CIDR block or a security group. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NetworkingPeer(IpBlock ipBlock, SecurityGroup securityGroup) {
  }

  /** {@code ipBlock}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record IpBlock(String cidr) {
  }

  /** {@code securityGroup}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SecurityGroup(String groupID) {
  }

  /** {@code ports[]}: for instance targets, the nodePort. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NetworkingPort(String protocol, IntOrString port) {
  }

  /** {@code spec.nodeSelector}, labels only. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NodeSelector(Map<String, String> matchLabels) {
  }

  /**
   * {@code status}, written by the controller.
   *
   * @param observedGeneration the generation the controller last reconciled (bound, once it equals the binding's)
   * @param conditions the controller's conditions (newer versions)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Status(Long observedGeneration, List<Condition> conditions) {
  }
}
