package io.exposedapp.api;

import static io.exposedapp.api.Unmodifiable.copyOf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Desired state of an {@link ExposedApp}: which pods to expose and on which ports, through one NodePort Service.
 *
 * <p>Immutable: collections are copied (insertion order kept) and unmodifiable; {@code null} means "not set".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = JsonMergePatchCustomizer.class, input = """
    {"properties": {"ports": {"x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"]},
                    "targetGroupBindings": {"x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["port"]},
                    "nlbGateway": {"properties": {"routes": {"x-kubernetes-list-type": "map",
                                                             "x-kubernetes-list-map-keys": ["port"]}}}}}""")
// message only: the rule's fieldPath and reason are unknown fields before Kubernetes 1.28, and the CRD must install
// on every supported version (docs/operations.md, "Supported Kubernetes versions"; CrdCompatibilityTest)
@ValidationRule(value = ExposedAppSpec.NODE_PORTS_UNIQUE_RULE,
    message = "explicit nodePort values must be unique within one ExposedApp")
public record ExposedAppSpec(

    @JsonPropertyDescription("Label selector of the pods to expose, copied to the Service's spec.selector. "
        + "Required, with at least one entry (an empty selector would not select any pod for a Service).")
    @Required
    @Size(min = 1)
    Map<String, String> selector,

    @JsonPropertyDescription("Name of the Service to create in the ExposedApp's namespace. Optional; defaults to "
        + "metadata.name. A DNS-1035 label: lower-case letters, digits and '-', starting with a letter, ending "
        + "with a letter or digit, at most 63 characters.")
    @Size(max = 63)
    @Pattern(DNS_1035_LABEL)
    String serviceName,

    @JsonPropertyDescription("Ports to expose, each through its own node port. Required, 1 to 64 entries. Names "
        + "must be unique (the list is a map keyed by name, so the API server rejects duplicates), and so must "
        + "explicit nodePorts. At most 64 because one app should hold only a bounded share of the cluster-wide "
        + "node-port range (2768 ports by default), and the bound keeps validation cost predictable.")
    @Required
    @Size(min = 1, max = MAX_PORTS)
    List<PortSpec> ports,

    @JsonPropertyDescription("Copied to the Service's spec.externalTrafficPolicy: Cluster (any node forwards to "
        + "any ready pod) or Local (a node only forwards to pods on itself, keeping the client source IP). "
        + "Optional; when absent the Service uses the Kubernetes default, Cluster.")
    ExternalTrafficPolicy externalTrafficPolicy,

    @JsonPropertyDescription("Annotations copied onto the Service's metadata.annotations. Optional; default none.")
    Map<String, String> serviceAnnotations,

    @JsonPropertyDescription("An Ingress for the AWS Load Balancer Controller in instance mode, routing an ALB to "
        + "the Service's nodePorts. Optional; no Ingress when absent.")
    IngressSpec ingress,

    @JsonPropertyDescription("A way in through the AWS Load Balancer Controller's Gateway API support with instance "
        + "targets: an HTTPRoute to the Service and a TargetGroupConfiguration (targetType instance, the health "
        + "check), attached to the Gateways in parentRefs, or, without parentRefs, to a Gateway and "
        + "LoadBalancerConfiguration of the app's own. Optional; none when absent. May be set next to ingress (two "
        + "ALBs in front of the same nodePorts) while moving from one to the other.")
    GatewaySpec gateway,

    @JsonPropertyDescription("An NLB of the app's own through the AWS Load Balancer Controller, in instance mode: "
        + "the app's Service becomes type LoadBalancer with loadBalancerClass service.k8s.aws/nlb (the same "
        + "Service and nodePorts; removing the section turns it back into type NodePort). For TCP and UDP apps. "
        + "Optional; none when absent.")
    LoadBalancerSpec loadBalancer,

    @JsonPropertyDescription("TCP and UDP ports through the AWS Load Balancer Controller's NLB Gateways (Gateway "
        + "API): per port a TCPRoute, UDPRoute or TLSRoute to the Service, attached to a listener of a shared NLB "
        + "Gateway or of one of the app's own (<app>-nlb, with its LoadBalancerConfiguration), and the "
        + "TargetGroupConfiguration's instance targets. Optional; none when absent. May be set next to gateway (an "
        + "HTTP port on an ALB Gateway, a UDP port on an NLB Gateway).")
    NlbGatewaySpec nlbGateway,

    @JsonPropertyDescription("Existing target groups (ALB or NLB, made outside Kubernetes) that the AWS Load "
        + "Balancer Controller keeps registering the nodes in, at one port's nodePort each: one TargetGroupBinding "
        + "per entry, target type instance. Optional; keyed by port.")
    @Size(max = MAX_PORTS)
    List<TargetGroupBindingSpec> targetGroupBindings,

    @JsonPropertyDescription("Take over an existing Service named serviceName, and an existing Ingress named like "
        + "the ExposedApp, that no controller owns (no ownerReference with controller: true): the operator adds its "
        + "controller ownerReference and applies the fields it manages, keeping every nodePort the Service has (an "
        + "explicit ports[].nodePort still wins) and every field other managers set. The Service and the Ingress are "
        + "patched in place, never re-created; from then on they are the app's, and deleting the app deletes them. "
        + "Optional; default false: such a Service or Ingress is left untouched and reported.")
    Boolean adopt,

    @JsonPropertyDescription("The NodePortPool new nodePorts are drawn from; it must serve the ExposedApp's namespace "
        + "(select it, or be a default pool when none selects it). Optional; by default the pools that select the "
        + "namespace, lowest priority first. Ignored while no NodePortPool exists (the operator's whole range). "
        + "Changing it never moves a nodePort the app already has.")
    @Size(max = 253)
    String pool) {

  /** Upper bound on {@code spec.ports}. */
  public static final int MAX_PORTS = 64;

  /** DNS-1035 label (Service names, at most 63 characters via maxLength). */
  public static final String DNS_1035_LABEL = "^[a-z]([-a-z0-9]*[a-z0-9])?$";

  /**
   * CEL on {@code spec} (reported at {@code spec.ports}): every explicit nodePort occurs exactly once. Quadratic,
   * but maxItems 64 bounds it to 4096 comparisons, far within the per-expression cost limit. It sits on the class,
   * not the record component, because fabric8 would emit a component's rule twice (field and accessor). Test API
   * servers do not evaluate CEL, so the operator checks the same thing.
   */
  public static final String NODE_PORTS_UNIQUE_RULE = "!has(self.ports) || self.ports.all(p, !has(p.nodePort)"
      + " || self.ports.exists_one(q, has(q.nodePort) && q.nodePort == p.nodePort))";

  /** A spec without a gateway section. */
  public ExposedAppSpec(Map<String, String> selector, String serviceName, List<PortSpec> ports,
      ExternalTrafficPolicy externalTrafficPolicy, Map<String, String> serviceAnnotations, IngressSpec ingress,
      Boolean adopt, String pool) {
    this(selector, serviceName, ports, externalTrafficPolicy, serviceAnnotations, ingress, null, adopt, pool);
  }

  /** A spec without a loadBalancer section or target group bindings. */
  public ExposedAppSpec(Map<String, String> selector, String serviceName, List<PortSpec> ports,
      ExternalTrafficPolicy externalTrafficPolicy, Map<String, String> serviceAnnotations, IngressSpec ingress,
      GatewaySpec gateway, Boolean adopt, String pool) {
    this(selector, serviceName, ports, externalTrafficPolicy, serviceAnnotations, ingress, gateway, null, null,
        null, adopt, pool);
  }

  public ExposedAppSpec {
    selector = copyOf(selector);
    targetGroupBindings = targetGroupBindings == null ? null
        : Collections.unmodifiableList(new ArrayList<>(targetGroupBindings));
    ports = ports == null ? null : Collections.unmodifiableList(new ArrayList<>(ports));
    serviceAnnotations = copyOf(serviceAnnotations);
  }

  /** This spec with other ports. */
  public ExposedAppSpec withPorts(List<PortSpec> newPorts) {
    return new ExposedAppSpec(selector, serviceName, newPorts, externalTrafficPolicy, serviceAnnotations, ingress,
        gateway, loadBalancer, nlbGateway, targetGroupBindings, adopt, pool);
  }

  /** This spec with another ingress section (null removes it). */
  public ExposedAppSpec withIngress(IngressSpec newIngress) {
    return new ExposedAppSpec(selector, serviceName, ports, externalTrafficPolicy, serviceAnnotations, newIngress,
        gateway, loadBalancer, nlbGateway, targetGroupBindings, adopt, pool);
  }

  /** This spec with another gateway section (null removes it). */
  public ExposedAppSpec withGateway(GatewaySpec newGateway) {
    return new ExposedAppSpec(selector, serviceName, ports, externalTrafficPolicy, serviceAnnotations, ingress,
        newGateway, loadBalancer, nlbGateway, targetGroupBindings, adopt, pool);
  }

  /** This spec with another loadBalancer section (null removes it). */
  public ExposedAppSpec withLoadBalancer(LoadBalancerSpec newLoadBalancer) {
    return new ExposedAppSpec(selector, serviceName, ports, externalTrafficPolicy, serviceAnnotations, ingress,
        gateway, newLoadBalancer, nlbGateway, targetGroupBindings, adopt, pool);
  }

  /** This spec with another nlbGateway section (null removes it). */
  public ExposedAppSpec withNlbGateway(NlbGatewaySpec newNlbGateway) {
    return new ExposedAppSpec(selector, serviceName, ports, externalTrafficPolicy, serviceAnnotations, ingress,
        gateway, loadBalancer, newNlbGateway, targetGroupBindings, adopt, pool);
  }

  /** This spec with other target group bindings (null removes them). */
  public ExposedAppSpec withTargetGroupBindings(List<TargetGroupBindingSpec> newBindings) {
    return new ExposedAppSpec(selector, serviceName, ports, externalTrafficPolicy, serviceAnnotations, ingress,
        gateway, loadBalancer, nlbGateway, newBindings, adopt, pool);
  }

  /** The NLB is wanted: the section is present and not disabled. The Service is then type LoadBalancer. */
  public boolean wantsLoadBalancer() {
    return loadBalancer != null && loadBalancer.isEnabled();
  }

  /** The target group bindings asked for, in spec order; empty when none. */
  public List<TargetGroupBindingSpec> bindings() {
    return targetGroupBindings == null ? List.of() : targetGroupBindings;
  }

  /** Existing objects of the app's names that no controller owns may be taken over ({@code adopt: true}). */
  public boolean adopts() {
    return Boolean.TRUE.equals(adopt);
  }

  /** The Ingress is wanted: the section is present and not disabled. */
  public boolean wantsIngress() {
    return ingress != null && ingress.isEnabled();
  }

  /** The Gateway API objects are wanted: the section is present and not disabled. */
  public boolean wantsGateway() {
    return gateway != null && gateway.isEnabled();
  }

  /** The NLB Gateway routes are wanted: the section is present and not disabled. */
  public boolean wantsNlbGateway() {
    return nlbGateway != null && nlbGateway.isEnabled();
  }

  /** The Service name: {@code serviceName} if set, else the ExposedApp's {@code metadata.name}. */
  public String effectiveServiceName(String metadataName) {
    return serviceName != null && !serviceName.isEmpty() ? serviceName : metadataName;
  }
}
