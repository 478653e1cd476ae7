package io.exposedapp.apiserver.merge;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The few schema facts that merging needs: how each list is identified (server-side apply) and merged
 * (strategic merge patch), and which maps are atomic.
 *
 * <p>Paths are field names from the object root with list items skipped, e.g. {@code
 * ["spec","template","spec","containers","ports"]}. Anything not declared is an atomic list / a
 * granular map, which is also the real default for CRDs.
 */
public final class ListSchema {

  /** How server-side apply identifies the items of a list. */
  public sealed interface ListType permits Atomic, Set, MapList {}

  /** The list is one value: replaced whole and owned as one leaf. */
  public record Atomic() implements ListType {}

  /** Items are scalars identified by their value ({@code v:} in FieldsV1). */
  public record Set() implements ListType {}

  /** Items are objects identified by the values of {@code keys} ({@code k:} in FieldsV1). */
  public record MapList(List<String> keys) implements ListType {
    public MapList {
      keys = List.copyOf(keys);
    }
  }

  public static final ListType ATOMIC = new Atomic();
  public static final ListType SET = new Set();

  private final Map<String, ListType> listTypes = new HashMap<>();
  private final Map<String, String> patchMergeKeys = new HashMap<>();
  private final java.util.Set<String> primitiveMergeLists = new HashSet<>();
  private final java.util.Set<String> atomicMaps = new HashSet<>();
  // Defaults of list-map key fields (e.g. protocol=TCP): the real server defaults them before
  // computing the item's key, so a port applied without protocol is still k:{"port":80,"protocol":"TCP"}.
  private final Map<String, Map<String, JsonNode>> keyDefaults = new HashMap<>();

  private ListSchema() {
    // Every object has ObjectMeta; these are the only ObjectMeta lists with merge semantics.
    mapList("metadata.ownerReferences", "uid", "uid");
    listTypes.put("metadata.finalizers", SET);
    primitiveMergeLists.add("metadata.finalizers");
  }

  /** A schema with only the ObjectMeta facts (every other list atomic, every map granular). */
  public static ListSchema metadataOnly() {
    return new ListSchema();
  }

  /** What kind of list lives at {@code path}; {@link Atomic} when nothing is declared. */
  public ListType listTypeAt(List<String> path) {
    return listTypes.getOrDefault(key(path), ATOMIC);
  }

  /** The strategic-merge-patch merge key of the list at {@code path}, empty when SMP replaces it. */
  public Optional<String> patchMergeKey(List<String> path) {
    return Optional.ofNullable(patchMergeKeys.get(key(path)));
  }

  /** True for primitive lists with patchStrategy=merge (SMP unions them, e.g. finalizers). */
  public boolean isPrimitiveMergeList(List<String> path) {
    return primitiveMergeLists.contains(key(path));
  }

  /** True when the object at {@code path} is atomic ({@code x-kubernetes-map-type: atomic}). */
  public boolean isAtomicMap(List<String> path) {
    return atomicMaps.contains(key(path));
  }

  /** Declared defaults of the key fields of the map list at {@code path} (usually empty). */
  public Map<String, JsonNode> keyDefaults(List<String> path) {
    return keyDefaults.getOrDefault(key(path), Map.of());
  }

  /**
   * Hard-coded facts for the built-in kinds the test server serves, copied from the Kubernetes API
   * markers (+listType, +listMapKey, +patchMergeKey, +patchStrategy, +mapType/+structType).
   *
   * @param group API group, {@code ""} for core
   */
  public static ListSchema builtin(String group, String kind) {
    ListSchema s = new ListSchema();
    String g = group == null ? "" : group;
    switch (g + "/" + kind) {
      case "/Service" -> {
        s.mapList("spec.ports", "port", "port", "protocol");
        s.keyDefault("spec.ports", "protocol", TextNode.valueOf("TCP"));
        s.atomicMaps.add("spec.selector");
        s.listTypes.put("status.loadBalancer.ingress", ATOMIC);
        s.mapList("status.conditions", "type", "type");
      }
      case "networking.k8s.io/Ingress" -> {
        s.listTypes.put("spec.rules", ATOMIC);
        s.listTypes.put("spec.tls", ATOMIC);
        s.listTypes.put("spec.rules.http.paths", ATOMIC);
      }
      case "apps/Deployment" -> {
        s.atomicMaps.add("spec.selector");
        for (String c : List.of("containers", "initContainers")) {
          String p = "spec.template.spec." + c;
          s.mapList(p, "name", "name");
          s.mapList(p + ".ports", "containerPort", "containerPort", "protocol");
          s.keyDefault(p + ".ports", "protocol", TextNode.valueOf("TCP"));
          s.mapList(p + ".env", "name", "name");
          s.mapList(p + ".volumeMounts", "mountPath", "mountPath");
        }
        s.mapList("spec.template.spec.volumes", "name", "name");
        s.mapList("status.conditions", "type", "type");
      }
      default -> {
        // Lease, Event, ConfigMap, Namespace, ...: nothing beyond ObjectMeta.
      }
    }
    return s;
  }

  /**
   * Reads a CRD's {@code openAPIV3Schema}: {@code x-kubernetes-list-type}, {@code
   * x-kubernetes-list-map-keys} (with key {@code default}s) and {@code x-kubernetes-map-type}.
   * CRDs have no strategic merge patch, so {@link #patchMergeKey} stays empty except for ObjectMeta.
   */
  public static ListSchema fromOpenApi(JsonNode openAPIV3Schema) {
    ListSchema s = new ListSchema();
    if (openAPIV3Schema != null) {
      s.walk(openAPIV3Schema, "");
    }
    return s;
  }

  private void walk(JsonNode node, String path) {
    if (!path.isEmpty() && !path.equals("metadata") && !path.startsWith("metadata.")) {
      String listType = node.path("x-kubernetes-list-type").asText("");
      switch (listType) {
        case "set" -> listTypes.put(path, SET);
        case "map" -> {
          List<String> keys = new java.util.ArrayList<>();
          node.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asText()));
          listTypes.put(path, new MapList(keys));
          JsonNode itemProps = node.path("items").path("properties");
          for (String k : keys) {
            JsonNode def = itemProps.path(k).get("default");
            if (def != null) {
              keyDefault(path, k, def);
            }
          }
        }
        case "atomic" -> listTypes.put(path, ATOMIC);
        default -> {}
      }
      if ("atomic".equals(node.path("x-kubernetes-map-type").asText(""))) {
        atomicMaps.add(path);
      }
    }
    JsonNode props = node.get("properties");
    if (props != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
      }
    }
    JsonNode items = node.get("items");
    if (items != null && items.isObject()) {
      walk(items, path); // list items are skipped in paths
    }
  }

  private void mapList(String path, String smpKey, String... keys) {
    listTypes.put(path, new MapList(List.of(keys)));
    patchMergeKeys.put(path, smpKey);
  }

  private void keyDefault(String path, String field, JsonNode value) {
    keyDefaults.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(field, value);
  }

  private static String key(List<String> path) {
    return String.join(".", path);
  }

}
