package io.exposedapp.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;

/**
 * Desired state of a {@link NodePortPool}: bands of the cluster's nodePort range that the apps of selected namespaces
 * draw from. What the schema cannot check (ranges inside the cluster's range, no overlap with another pool) the
 * operator reports on the pool's Valid condition.
 *
 * @param ranges bands of the cluster's nodePort range, "start-end"; no overlap with another pool
 * @param namespaceSelector the namespaces whose apps may draw from the pool; absent or empty selects none
 * @param priority when several pools select a namespace, the lowest number is drawn from first
 * @param maxPortsPerNamespace how many ports of this pool the apps of one namespace may hold; absent = no limit
 * @param isDefault the pool of namespaces that no pool selects
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = JsonMergePatchCustomizer.class, input = """
    {
      "properties": {
        "ranges": {"items": {"pattern": "^[0-9]{1,5}-[0-9]{1,5}$"}},
        "namespaceSelector": {"properties": {
          "matchLabels": {"description": "Labels a namespace must all have, with these values."},
          "matchExpressions": {
            "description": "Requirements a namespace's labels must all meet.",
            "items": {"required": ["key", "operator"], "properties": {
              "key": {"description": "The label's key."},
              "operator": {"description": "How the label relates to values.", \
    "enum": ["In", "NotIn", "Exists", "DoesNotExist"]},
              "values": {"description": "For In and NotIn, the values; empty for Exists and DoesNotExist."}
            }}
          }
        }}
      }
    }""")
public record NodePortPoolSpec(

    @JsonPropertyDescription("Bands of the cluster's nodePort range this pool hands out, each \"start-end\" "
        + "(inclusive), e.g. 30100-30199. Required, at least one. A band outside the cluster's range, or overlapping "
        + "another pool's, makes the pool allocate nothing new until fixed.")
    @Required
    @Size(min = 1, max = 64)
    List<String> ranges,

    @JsonPropertyDescription("The namespaces whose ExposedApps may draw from this pool, by their labels. Optional; "
        + "absent or empty selects no namespace (a pool marked default still serves namespaces no pool selects).")
    LabelSelector namespaceSelector,

    @JsonPropertyDescription("When several pools select a namespace, the one with the lowest number is drawn from "
        + "first, then the next. Optional; default 0; ties go by name.")
    Integer priority,

    @JsonPropertyDescription("How many nodePorts of this pool the ExposedApps of one namespace may hold. Optional; "
        + "no limit when absent. Ports already held are never taken away when it is lowered.")
    @Min(0)
    Integer maxPortsPerNamespace,

    @JsonProperty("default")
    @JsonPropertyDescription("The pool of namespaces that no pool selects. Optional; default false.")
    Boolean isDefault) {

  public NodePortPoolSpec {
    ranges = ranges == null ? null : Collections.unmodifiableList(new ArrayList<>(ranges));
  }

  public int effectivePriority() {
    return priority == null ? 0 : priority;
  }

  public boolean servesUnselectedNamespaces() {
    return Boolean.TRUE.equals(isDefault);
  }
}
