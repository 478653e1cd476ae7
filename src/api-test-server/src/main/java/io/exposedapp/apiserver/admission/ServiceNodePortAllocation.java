package io.exposedapp.apiserver.admission;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.exposedapp.apiserver.api.ApiException;
import io.exposedapp.apiserver.api.ResourceType;
import io.exposedapp.apiserver.storage.ObjectStore;

/**
 * What kube-apiserver's Service registry does on create and update: defaults, clusterIP assignment, and the nodePort
 * allocator (random free port from the range for ports without one; 422 for a port out of range, already allocated,
 * or duplicated), including keeping allocated nodePorts on update and clearing them when the type no longer needs
 * them ({@code patchAllocatedValues} and {@code dropTypeDependentFields} in pkg/registry/core/service/storage).
 */
public final class ServiceNodePortAllocation implements AdmissionPlugin {

  private final int rangeStart;
  private final int rangeEnd;
  private final Random random;
  private int nextClusterIp = 10;

  private final ObjectStore store;

  /** Allocates from {@code rangeStart-rangeEnd}, randomly with {@code seed}, avoiding the Services of {@code store}. */
  public ServiceNodePortAllocation(ObjectStore store, int rangeStart, int rangeEnd, long seed) {
    this.store = store;
    this.rangeStart = rangeStart;
    this.rangeEnd = rangeEnd;
    this.random = new Random(seed);
  }

  @Override
  public void mutate(Attributes attributes) {
    if (!attributes.is("", "services")) {
      return;
    }
    String self = attributes.object().path("metadata").path("uid").asText();
    List<ObjectNode> others = store.list(attributes.type().storeKey(), null).stream()
        .filter(s -> !s.path("metadata").path("uid").asText().equals(self))
        .toList();
    prepare(attributes.type(), attributes.oldObject(), attributes.object(), others);
  }

  /**
   * Prepares a Service for storage.
   *
   * @param before the stored Service, null on create
   * @param svc the Service to store (mutated)
   * @param others every other Service in the cluster (all namespaces)
   */
  void prepare(ResourceType type, ObjectNode before, ObjectNode svc, List<ObjectNode> others) {
    ObjectNode spec = svc.has("spec") ? (ObjectNode) svc.get("spec") : svc.putObject("spec");
    JsonNode oldSpec = before == null ? null : before.path("spec");
    String svcType = spec.path("type").asText("ClusterIP");
    spec.put("type", svcType);
    applyDefaults(spec, svcType, oldSpec);
    if (oldSpec != null) {
      dropTypeDependentFields(oldSpec, spec);
      keepAllocatedNodePorts(oldSpec, spec, svcType);
    }
    String name = svc.path("metadata").path("name").asText();
    List<ApiException.Cause> causes = validateLoadBalancerFields(oldSpec, spec);
    causes.addAll(validateNodePorts(spec, svcType, inUse(others), nodePorts(oldSpec)));
    if (!causes.isEmpty()) {
      throw ApiException.invalid(type, name, causes);
    }
    if (needsNodePorts(svcType)) {
      allocateMissing(type, name, spec, inUse(others));
    }
  }

  private void applyDefaults(ObjectNode spec, String svcType, JsonNode oldSpec) {
    if (!spec.has("sessionAffinity")) {
      spec.put("sessionAffinity", "None");
    }
    if (!spec.has("internalTrafficPolicy")) {
      spec.put("internalTrafficPolicy", "Cluster");
    }
    if (needsNodePorts(svcType) && !spec.has("externalTrafficPolicy")) {
      spec.put("externalTrafficPolicy", "Cluster");
    }
    if (svcType.equals("LoadBalancer") && !spec.has("allocateLoadBalancerNodePorts")) {
      spec.put("allocateLoadBalancerNodePorts", true);
    }
    if (!spec.has("clusterIP") || spec.path("clusterIP").asText().isEmpty()) {
      String ip = oldSpec != null && oldSpec.has("clusterIP") ? oldSpec.path("clusterIP").asText() : nextClusterIp();
      spec.put("clusterIP", ip);
    }
    if (!spec.has("clusterIPs")) {
      spec.putArray("clusterIPs").add(spec.path("clusterIP").asText());
    }
    if (!spec.has("ipFamilies")) {
      spec.putArray("ipFamilies").add("IPv4");
    }
    if (!spec.has("ipFamilyPolicy")) {
      spec.put("ipFamilyPolicy", "SingleStack");
    }
    for (JsonNode p : spec.path("ports")) {
      ObjectNode port = (ObjectNode) p;
      if (!port.has("protocol")) {
        port.put("protocol", "TCP");
      }
      if (!port.has("targetPort")) {
        port.set("targetPort", port.get("port"));
      }
    }
  }

  private String nextClusterIp() {
    int n = nextClusterIp++;
    return "10.96." + (n / 250) + "." + (n % 250 + 1);
  }

  /** Ports that lost their nodePort in this write get the one they had, matched by port name. */
  private static void keepAllocatedNodePorts(JsonNode oldSpec, ObjectNode spec, String svcType) {
    String oldType = oldSpec.path("type").asText("ClusterIP");
    if (needsNodePorts(oldType) && !needsNodePorts(svcType)) {
      dropUnchangedNodePorts(oldSpec, spec);
      return;
    }
    if (!needsNodePorts(oldType) || !needsNodePorts(svcType)) {
      return;
    }
    Map<String, Integer> oldByName = new HashMap<>();
    Set<Integer> stillUsed = new HashSet<>();
    for (JsonNode p : oldSpec.path("ports")) {
      oldByName.put(p.path("name").asText(""), p.path("nodePort").asInt(0));
    }
    for (JsonNode p : spec.path("ports")) {
      stillUsed.add(p.path("nodePort").asInt(0));
    }
    for (JsonNode p : spec.path("ports")) {
      int old = oldByName.getOrDefault(p.path("name").asText(""), 0);
      if (p.path("nodePort").asInt(0) == 0 && old != 0 && !stillUsed.contains(old)) {
        ((ObjectNode) p).put("nodePort", old);
        stillUsed.add(old);
      }
    }
    if (!spec.has("healthCheckNodePort") && oldSpec.has("healthCheckNodePort")
        && needsHealthCheckNodePort(spec)) {
      spec.set("healthCheckNodePort", oldSpec.get("healthCheckNodePort"));
    }
  }

  /**
   * What a type change leaves behind that the new type does not allow, cleared where the write left it unchanged
   * ({@code dropTypeDependentFields}): a LoadBalancer's class and allocateLoadBalancerNodePorts, and a health check
   * nodePort that is no longer needed. Changed ones stay and are refused by the validation.
   */
  private static void dropTypeDependentFields(JsonNode oldSpec, ObjectNode spec) {
    if (oldSpec.path("type").asText().equals("LoadBalancer") && !spec.path("type").asText().equals("LoadBalancer")) {
      for (String field : List.of("loadBalancerClass", "allocateLoadBalancerNodePorts")) {
        if (spec.path(field).equals(oldSpec.path(field))) {
          spec.remove(field);
        }
      }
    }
    if (needsHealthCheckNodePort(oldSpec) && !needsHealthCheckNodePort(spec)
        && spec.path("healthCheckNodePort").asInt(0) == oldSpec.path("healthCheckNodePort").asInt(-1)) {
      spec.remove("healthCheckNodePort");
    }
  }

  /** kube-apiserver's checks of loadBalancerClass and healthCheckNodePort ({@code ValidateService}). */
  private static List<ApiException.Cause> validateLoadBalancerFields(JsonNode oldSpec, JsonNode spec) {
    List<ApiException.Cause> causes = new ArrayList<>();
    boolean loadBalancer = spec.path("type").asText().equals("LoadBalancer");
    JsonNode newClass = spec.path("loadBalancerClass");
    if (oldSpec != null && loadBalancer && oldSpec.path("type").asText().equals("LoadBalancer")
        && !newClass.equals(oldSpec.path("loadBalancerClass"))) {
      causes.add(new ApiException.Cause("FieldValueInvalid", "Invalid value: \""
          + (newClass.isMissingNode() || newClass.isNull() ? "null" : newClass.asText())
          + "\": may not change once set", "spec.loadBalancerClass"));
    }
    if (!loadBalancer && newClass.isTextual()) {
      causes.add(new ApiException.Cause("FieldValueForbidden",
          "Forbidden: may only be used when `type` is 'LoadBalancer'", "spec.loadBalancerClass"));
    }
    int healthCheck = spec.path("healthCheckNodePort").asInt(0);
    if (healthCheck != 0 && !needsHealthCheckNodePort(spec)) {
      causes.add(new ApiException.Cause("FieldValueInvalid", "Invalid value: " + healthCheck + ": may only be set "
          + "when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'", "spec.healthCheckNodePort"));
    } else if (healthCheck != 0 && oldSpec != null && needsHealthCheckNodePort(oldSpec)
        && oldSpec.path("healthCheckNodePort").asInt(0) != 0 && healthCheck != oldSpec.path("healthCheckNodePort")
            .asInt()) {
      causes.add(new ApiException.Cause("FieldValueForbidden", "Forbidden: field is immutable",
          "spec.healthCheckNodePort"));
    }
    return causes;
  }

  /** Switching to a type without nodePorts clears the ones the user did not change, as the real server does. */
  private static void dropUnchangedNodePorts(JsonNode oldSpec, ObjectNode spec) {
    Set<Integer> old = new HashSet<>();
    oldSpec.path("ports").forEach(p -> old.add(p.path("nodePort").asInt(0)));
    for (JsonNode p : spec.path("ports")) {
      if (old.contains(p.path("nodePort").asInt(0))) {
        ((ObjectNode) p).remove("nodePort");
      }
    }
    if (spec.path("healthCheckNodePort").asInt(0) == oldSpec.path("healthCheckNodePort").asInt(-1)) {
      spec.remove("healthCheckNodePort");
    }
  }

  /** The nodePorts a Service already has: kept on update without a range check, as the real registry does. */
  private static Set<Integer> nodePorts(JsonNode spec) {
    Set<Integer> ports = new HashSet<>();
    if (spec != null) {
      spec.path("ports").forEach(p -> ports.add(p.path("nodePort").asInt(0)));
    }
    return ports;
  }

  private List<ApiException.Cause> validateNodePorts(JsonNode spec, String svcType, Map<Integer, String> used,
      Set<Integer> kept) {
    List<ApiException.Cause> causes = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    ArrayNode ports = spec.path("ports") instanceof ArrayNode a ? a : null;
    for (int i = 0; ports != null && i < ports.size(); i++) {
      int nodePort = ports.get(i).path("nodePort").asInt(0);
      if (nodePort == 0) {
        continue;
      }
      String field = "spec.ports[" + i + "].nodePort";
      if (!needsNodePorts(svcType)) {
        causes.add(new ApiException.Cause("FieldValueForbidden",
            "Forbidden: may not be used when `type` is '" + svcType + "'", field));
      } else if ((nodePort < rangeStart || nodePort > rangeEnd) && !kept.contains(nodePort)) {
        causes.add(invalidValue(nodePort, "provided port is not in the valid range. The range of valid ports is "
            + rangeStart + "-" + rangeEnd, field));
      } else if (!seen.add(nodePort + "/" + ports.get(i).path("protocol").asText("TCP"))) {
        causes.add(new ApiException.Cause("FieldValueDuplicate", "Duplicate value: " + nodePort, field));
      } else if (used.containsKey(nodePort)) {
        causes.add(invalidValue(nodePort, "provided port is already allocated", field));
      }
    }
    int healthCheck = spec.path("healthCheckNodePort").asInt(0);
    if (healthCheck != 0 && used.containsKey(healthCheck)) {
      causes.add(invalidValue(healthCheck, "provided port is already allocated", "spec.healthCheckNodePort"));
    }
    return causes;
  }

  private static ApiException.Cause invalidValue(int value, String detail, String field) {
    return new ApiException.Cause("FieldValueInvalid", "Invalid value: " + value + ": " + detail, field);
  }

  private void allocateMissing(ResourceType type, String name, ObjectNode spec, Map<Integer, String> used) {
    Set<Integer> taken = new HashSet<>(used.keySet());
    spec.path("ports").forEach(p -> taken.add(p.path("nodePort").asInt(0)));
    for (JsonNode p : spec.path("ports")) {
      if (p.path("nodePort").asInt(0) == 0) {
        ((ObjectNode) p).put("nodePort", randomFree(type, name, taken));
      }
    }
    if (needsHealthCheckNodePort(spec) && spec.path("healthCheckNodePort").asInt(0) == 0) {
      spec.put("healthCheckNodePort", randomFree(type, name, taken));
    }
  }

  private int randomFree(ResourceType type, String name, Set<Integer> taken) {
    int size = rangeEnd - rangeStart + 1;
    int offset = random.nextInt(size);
    for (int i = 0; i < size; i++) {
      int candidate = rangeStart + (offset + i) % size;
      if (taken.add(candidate)) {
        return candidate;
      }
    }
    throw new ApiException(500, "InternalError", "Internal error occurred: failed to allocate a nodePort: "
        + "range is full", name, type.plural(), List.of());
  }

  /** nodePort -> "namespace/name" of every other Service holding it. */
  private static Map<Integer, String> inUse(List<ObjectNode> others) {
    Map<Integer, String> used = new HashMap<>();
    for (ObjectNode svc : others) {
      String holder = svc.path("metadata").path("namespace").asText() + "/" + svc.path("metadata").path("name").asText();
      svc.path("spec").path("ports").forEach(p -> {
        if (p.path("nodePort").asInt(0) != 0) {
          used.put(p.path("nodePort").asInt(), holder);
        }
      });
      if (svc.path("spec").path("healthCheckNodePort").asInt(0) != 0) {
        used.put(svc.path("spec").path("healthCheckNodePort").asInt(), holder);
      }
    }
    return used;
  }

  private static boolean needsNodePorts(String svcType) {
    return svcType.equals("NodePort") || svcType.equals("LoadBalancer");
  }

  private static boolean needsHealthCheckNodePort(JsonNode spec) {
    return spec.path("type").asText().equals("LoadBalancer")
        && spec.path("externalTrafficPolicy").asText().equals("Local");
  }
}
