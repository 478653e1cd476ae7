package io.exposedapp.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Condition;

/**
 * Observed state of an {@link ExposedApp}, written only by the operator through the status subresource.
 *
 * <p>{@code conditions} are fabric8's {@link Condition} (metav1.Condition); the schema the generator derives from
 * that class has neither descriptions nor required fields, so the customizer adds both (type is the list-map key
 * and must be required).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = JsonMergePatchCustomizer.class, input = """
    {
      "properties": {
        "nodePorts": {"x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"]},
        "conditions": """ + ConditionsSchema.JSON + """
      }
    }""")
public record ExposedAppStatus(

    @JsonPropertyDescription("metadata.generation of the spec this status was computed from.")
    Long observedGeneration,

    @JsonPropertyDescription("Name of the Service the operator manages for this ExposedApp.")
    String serviceName,

    @JsonPropertyDescription("Ports of the Service with their assigned node ports; keyed by name.")
    List<NodePortStatus> nodePorts,

    @JsonPropertyDescription("Summary of nodePorts as name:nodePort pairs separated by commas, e.g. "
        + "\"http:31080,https:31443\", for the NodePorts printer column (JSONPath cannot concatenate).")
    String ports,

    @JsonPropertyDescription("The Service's spec.healthCheckNodePort, which a LoadBalancer Service with "
        + "externalTrafficPolicy Local needs: allocated by the operator like the nodePorts, and kept as stably.")
    Integer healthCheckNodePort,

    @JsonPropertyDescription("Host name of the load balancer once the AWS Load Balancer Controller has provisioned "
        + "it: the ALB's from the Ingress status (else the Gateway's address), else the NLB's from the Service "
        + "status. Absent without one or while pending.")
    String address,

    @JsonPropertyDescription("Where to reach the app through the load balancer: through an ALB, the scheme (https "
        + "with certificates), the first rule's host (else the ALB address) and path; through the app's NLB alone, "
        + "its address and the first port's Service port (host:port).")
    String url,

    @JsonPropertyDescription("Latest observations of the ExposedApp's state (metav1.Condition), keyed by type: "
        + "PortsAllocated, ServiceReady, IngressReady (with an Ingress), GatewayReady (with a gateway), "
        + "LoadBalancerReady (with a loadBalancer), TargetGroupBindingsReady (with targetGroupBindings) and Ready, "
        + "which summarises them.")
    List<Condition> conditions) {

  /** A status without a healthCheckNodePort. */
  public ExposedAppStatus(Long observedGeneration, String serviceName, List<NodePortStatus> nodePorts, String ports,
      String address, String url, List<Condition> conditions) {
    this(observedGeneration, serviceName, nodePorts, ports, null, address, url, conditions);
  }

  public ExposedAppStatus {
    nodePorts = nodePorts == null ? null : Collections.unmodifiableList(new ArrayList<>(nodePorts));
    conditions = conditions == null ? null : Collections.unmodifiableList(new ArrayList<>(conditions));
  }

  /** The {@code ports} summary for the given node ports, in list order: {@code "http:31080,https:31443"}. */
  public static String summarize(List<NodePortStatus> nodePorts) {
    StringBuilder b = new StringBuilder();
    for (NodePortStatus p : nodePorts) {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(p.name()).append(':').append(p.nodePort() == null ? "" : p.nodePort());
    }
    return b.toString();
  }
}
