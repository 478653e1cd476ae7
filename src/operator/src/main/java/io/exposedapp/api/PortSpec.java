package io.exposedapp.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * One port of the Service the operator creates for an {@link ExposedApp} ({@code spec.ports[]}).
 *
 * <p>{@code targetPort} is an int-or-string: the generator cannot attach range, length or pattern constraints to
 * such a node, so they are added by the {@link SchemaCustomizer} below (the API server applies
 * minimum/maximum to integers only and maxLength/pattern to strings only).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = JsonMergePatchCustomizer.class, input = "{\"properties\": {\"targetPort\": {"
    + "\"minimum\": 1, \"maximum\": 65535, \"maxLength\": 15, "
    + "\"pattern\": \"" + PortSpec.IANA_SVC_NAME + "\"}}}")
public record PortSpec(

    @JsonPropertyDescription("Name of this port, unique within the ExposedApp (the list is keyed by name). "
        + "Required. A DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or "
        + "digit, at most 63 characters. Becomes the Service port name.")
    @Required
    @Size(max = 63)
    @Pattern(DNS_1123_LABEL)
    String name,

    @JsonPropertyDescription("Port the Service exposes inside the cluster. Required, 1..65535.")
    @Required
    @Min(1)
    @Max(65535)
    int port,

    @JsonPropertyDescription("Port on the selected pods that traffic is sent to: a number 1..65535 or the name of a "
        + "container port (IANA_SVC_NAME: lower-case letters, digits and '-', at least one letter, not starting "
        + "or ending with '-', at most 15 characters). Optional; defaults to port.")
    IntOrString targetPort,

    @JsonPropertyDescription("Protocol of this port: TCP, UDP or SCTP. Optional; defaults to TCP.")
    @Default("TCP")
    Protocol protocol,

    @JsonPropertyDescription("Explicit node port to request, 1..65535. Optional; when absent the operator allocates "
        + "one (the lowest free port of its range) and keeps it. Must be unique among the explicit nodePorts of this ExposedApp. The operator also checks it "
        + "against the cluster's configured node-port range (default 30000-32767) and reports "
        + "NodePortOutOfRange, because that range is operator configuration the schema cannot know.")
    @Min(1)
    @Max(65535)
    Integer nodePort) {

  /** DNS-1123 label (port names, at most 63 characters via maxLength). */
  public static final String DNS_1123_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /**
   * IANA_SVC_NAME as the schema checks it: the DNS-1123 label alphabet with at least one letter (RE2 has no
   * look-ahead, so the letter is anchored explicitly). The 15-character limit is maxLength. Kubernetes' own
   * validation also rejects "--"; the schema does not (the operator may).
   */
  public static final String IANA_SVC_NAME = "^([a-z0-9][-a-z0-9]*)?[a-z]([-a-z0-9]*[a-z0-9])?$";

  /** The port number or name traffic is sent to: {@code targetPort} if set, else {@code port}. */
  public IntOrString effectiveTargetPort() {
    return targetPort != null ? targetPort : new IntOrString(port);
  }

  /** The protocol, {@link Protocol#TCP} when unset (an object not defaulted by an API server). */
  public Protocol effectiveProtocol() {
    return protocol != null ? protocol : Protocol.TCP;
  }
}
