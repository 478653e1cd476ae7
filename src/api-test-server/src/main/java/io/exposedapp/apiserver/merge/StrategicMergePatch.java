package io.exposedapp.apiserver.merge;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Strategic merge patch ({@code application/strategic-merge-patch+json}) for built-in kinds: what
 * client-side {@code kubectl apply} and {@code kubectl patch --type strategic} send.
 *
 * <p>Supported directives: {@code $patch} (merge | replace | delete) on maps and list items, {@code
 * $setElementOrder/<field>}, {@code $deleteFromPrimitiveList/<field>} and {@code $retainKeys}.
 * Simplified vs apimachinery: {@code $setElementOrder} permutes the listed items among the slots
 * they occupy and leaves server-only items in their slots (the real code interleaves by original
 * index, which gives the same result in the common cases); no {@code $patch: delete} for
 * primitive lists (kubectl uses {@code $deleteFromPrimitiveList}); no schema validation.
 */
public final class StrategicMergePatch {
  private static final String PATCH = "$patch";
  private static final String RETAIN_KEYS = "$retainKeys";
  private static final String SET_ORDER = "$setElementOrder/";
  private static final String DELETE_PRIMITIVE = "$deleteFromPrimitiveList/";

  private StrategicMergePatch() {}

  /**
   * Applies {@code patch} to {@code target}. Inputs are not mutated; directives never reach the
   * result.
   *
   * @throws PatchException on malformed patches (unknown directive, missing merge key, ...)
   */
  public static ObjectNode apply(ObjectNode target, ObjectNode patch, ListSchema schema) {
    ObjectNode result = mergeObject(target, patch, List.of(), schema);
    if (result == null) {
      throw new PatchException("$patch: delete is not allowed on the whole object");
    }
    return result;
  }

  /** Returns the merged map, or {@code null} when the patch says {@code $patch: delete}. */
  private static ObjectNode mergeObject(
      ObjectNode original, ObjectNode patch, List<String> path, ListSchema schema) {
    JsonNode directive = patch.get(PATCH);
    if (directive != null) {
      switch (directive.asText()) {
        case "delete" -> {
          return null;
        }
        case "replace" -> {
          // The patch map is the new value; merging into nothing strips nested directives.
          ObjectNode copy = patch.deepCopy();
          copy.remove(PATCH);
          return mergeObject(null, copy, path, schema);
        }
        case "merge" -> {}
        default -> throw new PatchException(
            "Unknown patch type: " + directive.asText() + " in map at " + describe(path));
      }
    }
    ObjectNode result =
        original == null ? JsonNodeFactory.instance.objectNode() : original.deepCopy();

    JsonNode retain = patch.get(RETAIN_KEYS);
    if (retain != null) {
      if (!retain.isArray()) {
        throw new PatchException("$retainKeys must be a list at " + describe(path));
      }
      Set<String> keep = new HashSet<>();
      retain.forEach(k -> keep.add(k.asText()));
      result.retain(keep);
    }

    // Deletions from primitive lists apply to the original, before the patch's own values merge.
    for (Iterator<String> it = patch.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (name.startsWith(DELETE_PRIMITIVE)) {
        String field = name.substring(DELETE_PRIMITIVE.length());
        JsonNode toDelete = patch.get(name);
        if (!toDelete.isArray()) {
          throw new PatchException(name + " must be a list at " + describe(path));
        }
        JsonNode current = result.get(field);
        if (current != null && current.isArray()) {
          ArrayNode kept = JsonNodeFactory.instance.arrayNode();
          current.forEach(
              v -> {
                if (!contains(toDelete, v)) {
                  kept.add(v);
                }
              });
          result.set(field, kept);
        }
      }
    }

    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode value = e.getValue();
      if (name.startsWith("$")) {
        if (name.equals(PATCH)
            || name.equals(RETAIN_KEYS)
            || name.startsWith(SET_ORDER)
            || name.startsWith(DELETE_PRIMITIVE)) {
          continue;
        }
        throw new PatchException("Unknown directive " + name + " at " + describe(path));
      }
      List<String> child = append(path, name);
      JsonNode current = result.get(name);
      if (value.isNull()) {
        result.remove(name);
      } else if (value.isObject()) {
        ObjectNode merged =
            mergeObject(
                current != null && current.isObject() ? (ObjectNode) current : null,
                (ObjectNode) value,
                child,
                schema);
        if (merged == null) {
          result.remove(name);
        } else {
          result.set(name, merged);
        }
      } else if (value.isArray()) {
        result.set(
            name,
            mergeList(
                current != null && current.isArray() ? (ArrayNode) current : null,
                (ArrayNode) value,
                child,
                schema));
      } else {
        result.set(name, value.deepCopy());
      }
    }

    for (Iterator<String> it = patch.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (name.startsWith(SET_ORDER)) {
        String field = name.substring(SET_ORDER.length());
        JsonNode order = patch.get(name);
        if (!order.isArray()) {
          throw new PatchException(name + " must be a list at " + describe(path));
        }
        JsonNode current = result.get(field);
        if (current != null && current.isArray()) {
          result.set(
              field,
              reorder(
                  (ArrayNode) current, (ArrayNode) order, schema.patchMergeKey(append(path, field))));
        }
      }
    }
    return result;
  }

  private static ArrayNode mergeList(
      ArrayNode original, ArrayNode patch, List<String> path, ListSchema schema) {
    // {"$patch":"replace"} as a list element: the other elements become the whole list.
    boolean replace = false;
    for (JsonNode item : patch) {
      if (item.isObject() && "replace".equals(item.path(PATCH).asText(null)) && item.size() == 1) {
        replace = true;
      }
    }
    Optional<String> mergeKey = schema.patchMergeKey(path);
    if (replace || original == null) {
      return replaced(patch, path, schema, true);
    }
    if (mergeKey.isPresent()) {
      String key = mergeKey.get();
      ArrayNode result = original.deepCopy();
      for (JsonNode item : patch) {
        if (!item.isObject()) {
          throw new PatchException(
              "list at " + describe(path) + " is merged by key " + key + " but has a non-object item");
        }
        JsonNode keyValue = item.get(key);
        if (keyValue == null) {
          throw new PatchException(
              "map: " + item + " does not contain declared merge key: " + key);
        }
        int index = indexOfKey(result, key, keyValue);
        if ("delete".equals(item.path(PATCH).asText(null))) {
          while (index >= 0) {
            result.remove(index);
            index = indexOfKey(result, key, keyValue);
          }
          continue;
        }
        ObjectNode merged =
            mergeObject(index >= 0 ? (ObjectNode) result.get(index) : null, (ObjectNode) item, path, schema);
        if (merged == null) {
          continue;
        }
        if (index >= 0) {
          result.set(index, merged);
        } else {
          result.add(merged);
        }
      }
      return result;
    }
    if (schema.isPrimitiveMergeList(path)) {
      // patchStrategy=merge on a primitive list (finalizers): union, original order first.
      ArrayNode result = original.deepCopy();
      for (JsonNode item : patch) {
        if (!contains(result, item)) {
          result.add(item.deepCopy());
        }
      }
      return result;
    }
    return replaced(patch, path, schema, false);
  }

  /** The patch list as the new value, with directives stripped from its items. */
  private static ArrayNode replaced(
      ArrayNode patch, List<String> path, ListSchema schema, boolean dropDeletes) {
    ArrayNode result = JsonNodeFactory.instance.arrayNode();
    for (JsonNode item : patch) {
      if (item.isObject()) {
        String d = item.path(PATCH).asText("");
        if (d.equals("replace") && item.size() == 1) {
          continue;
        }
        if (d.equals("delete") && dropDeletes) {
          continue; // deleting from a list that does not exist is a no-op
        }
        ObjectNode merged = mergeObject(null, (ObjectNode) item, path, schema);
        if (merged != null) {
          result.add(merged);
        }
      } else {
        result.add(item.deepCopy());
      }
    }
    return result;
  }

  /**
   * Orders {@code list} by {@code order}: the listed items are permuted among the slots they occupy,
   * unlisted (server-only) items keep their slots.
   */
  private static ArrayNode reorder(ArrayNode list, ArrayNode order, Optional<String> mergeKey) {
    List<JsonNode> orderIds = new ArrayList<>();
    for (JsonNode o : order) {
      orderIds.add(mergeKey.map(o::get).orElse(o));
    }
    List<Integer> slots = new ArrayList<>();
    List<JsonNode> listed = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode id = mergeKey.map(list.get(i)::get).orElse(list.get(i));
      if (id != null && orderIds.contains(id)) {
        slots.add(i);
        listed.add(list.get(i));
      }
    }
    listed.sort(
        (a, b) ->
            Integer.compare(
                orderIds.indexOf(mergeKey.map(a::get).orElse(a)),
                orderIds.indexOf(mergeKey.map(b::get).orElse(b))));
    ArrayNode result = list.deepCopy();
    for (int i = 0; i < slots.size(); i++) {
      result.set(slots.get(i), listed.get(i).deepCopy());
    }
    return result;
  }

  private static int indexOfKey(ArrayNode list, String key, JsonNode value) {
    for (int i = 0; i < list.size(); i++) {
      if (value.equals(list.get(i).get(key))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean contains(JsonNode array, JsonNode value) {
    for (JsonNode v : array) {
      if (v.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> append(List<String> path, String name) {
    List<String> p = new ArrayList<>(path);
    p.add(name);
    return p;
  }

  private static String describe(List<String> path) {
    return path.isEmpty() ? "<root>" : "." + String.join(".", path);
  }
}
