package io.exposedapp.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Condition;

/**
 * Observed state of a {@link NodePortPool}, written only by the operator: its capacity, who draws from it, and
 * whether it is valid.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = JsonMergePatchCustomizer.class, input = """
    {
      "properties": {
        "namespaces": {"x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["namespace"]},
        "conditions": """ + ConditionsSchema.JSON + """
      }
    }""")
public record NodePortPoolStatus(

    @JsonPropertyDescription("metadata.generation of the spec this status was computed from.")
    Long observedGeneration,

    @JsonPropertyDescription("spec.ranges joined with commas, for the Ranges printer column.")
    String ranges,

    @JsonPropertyDescription("nodePorts in the pool's ranges; 0 while the pool is invalid.")
    Integer size,

    @JsonPropertyDescription("nodePorts of the pool held by any Service or ExposedApp of the cluster.")
    Integer used,

    @JsonPropertyDescription("nodePorts of the pool nobody holds: size - used.")
    Integer free,

    @JsonPropertyDescription("The most consecutive free nodePorts of the pool (an app with several ports gets "
        + "adjacent ones from such a block).")
    Integer largestFreeBlock,

    @JsonPropertyDescription("How many namespaces hold nodePorts of the pool.")
    Integer namespaceCount,

    @JsonPropertyDescription("The namespaces holding nodePorts of the pool, with how many each; keyed by namespace.")
    List<NamespaceUsage> namespaces,

    @JsonPropertyDescription("Valid: the ranges can be read, lie in the cluster's nodePort range and overlap no other "
        + "pool (otherwise the pool allocates nothing new). PortsAvailable: the pool has a free nodePort.")
    List<Condition> conditions) {

  public NodePortPoolStatus {
    namespaces = namespaces == null ? null : Collections.unmodifiableList(new ArrayList<>(namespaces));
    conditions = conditions == null ? null : Collections.unmodifiableList(new ArrayList<>(conditions));
  }

  /** How many of the pool's nodePorts one namespace holds, and its limit if the pool sets one. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NamespaceUsage(
      @JsonPropertyDescription("The namespace.")
      @Required
      String namespace,
      @JsonPropertyDescription("nodePorts of the pool held by Services or ExposedApps of the namespace.")
      Integer used) {
  }
}
