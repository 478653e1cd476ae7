package io.exposedapp.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Required;

/** One port of the Service as it is now, with the node port Kubernetes assigned ({@code status.nodePorts[]}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodePortStatus(

    @JsonPropertyDescription("Name of the port, as in spec.ports[].name; the list is keyed by it.")
    @Required
    String name,

    @JsonPropertyDescription("Port the Service exposes inside the cluster.")
    Integer port,

    @JsonPropertyDescription("Protocol of the port: TCP, UDP or SCTP.")
    Protocol protocol,

    @JsonPropertyDescription("Node port assigned to this port, reachable on every node.")
    Integer nodePort) {
}
