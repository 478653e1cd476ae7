package io.exposedapp.apiserver.merge;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The two object edits server-side apply makes: merging the applied configuration into the live
 * object, and removing the fields the applier gave up.
 */
final class ApplyMerge {
  private ApplyMerge() {}

  /**
   * Merges {@code rhs} (applied) into {@code lhs} (live): maps per key, granular lists per item
   * identity, everything else replaced by {@code rhs}. Inputs are not mutated.
   */
  static JsonNode merge(JsonNode lhs, JsonNode rhs, List<String> sp, ListSchema schema) {
    if (rhs == null) {
      return lhs == null ? null : lhs.deepCopy();
    }
    if (lhs == null) {
      return rhs.deepCopy();
    }
    if (lhs.isObject() && rhs.isObject() && (sp.isEmpty() || !schema.isAtomicMap(sp))) {
      ObjectNode out = ((ObjectNode) lhs).deepCopy();
      rhs.fields()
          .forEachRemaining(
              e -> out.set(e.getKey(), merge(lhs.get(e.getKey()), e.getValue(), ObjectFields.append(sp, e.getKey()), schema)));
      return out;
    }
    if (lhs.isArray() && rhs.isArray() && !(schema.listTypeAt(sp) instanceof ListSchema.Atomic)) {
      return mergeLists((ArrayNode) lhs, (ArrayNode) rhs, sp, schema);
    }
    return rhs.deepCopy();
  }

  /**
   * structured-merge-diff's list merge: items of both lists follow the applied order, live-only
   * items stay where they were relative to them, new items are inserted where the applied list has
   * them.
   */
  private static ArrayNode mergeLists(ArrayNode lhs, ArrayNode rhs, List<String> sp, ListSchema schema) {
    List<String> lPes = ObjectFields.itemElements(lhs, sp, schema);
    List<String> rPes = ObjectFields.itemElements(rhs, sp, schema);
    Map<String, JsonNode> lItems = new HashMap<>();
    Map<String, JsonNode> rItems = new HashMap<>();
    for (int i = 0; i < lhs.size(); i++) {
      lItems.put(lPes.get(i), lhs.get(i));
    }
    for (int i = 0; i < rhs.size(); i++) {
      rItems.put(rPes.get(i), rhs.get(i));
    }
    List<String> shared = rPes.stream().filter(lItems::containsKey).toList();
    int nextSharedIndex = 0;
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    Set<String> taken = new HashSet<>();
    int li = 0, ri = 0;
    while (li < lPes.size() || ri < rPes.size()) {
      String nextShared = nextSharedIndex < shared.size() ? shared.get(nextSharedIndex) : null;
      if (li < lPes.size() && ri < rPes.size()) {
        String pe = lPes.get(li);
        if (pe.equals(rPes.get(ri))) {
          out.add(merge(lItems.get(pe), rItems.get(pe), sp, schema));
          taken.add(pe);
          li++;
          ri++;
          nextSharedIndex++;
          continue;
        }
        if (rItems.containsKey(pe) && nextShared != null && !nextShared.equals(pe)) {
          li++; // a shared item, but not the one whose turn it is: it is emitted in rhs order
          continue;
        }
      }
      if (li < lPes.size()) {
        String pe = lPes.get(li);
        if (!rItems.containsKey(pe)) {
          out.add(lItems.get(pe).deepCopy());
          li++;
          continue;
        }
        if (taken.contains(pe)) {
          li++;
          continue;
        }
      }
      if (ri < rPes.size()) {
        String pe = rPes.get(ri);
        out.add(merge(lItems.get(pe), rItems.get(pe), sp, schema));
        taken.add(pe);
        ri++;
        if (pe.equals(nextShared)) {
          nextSharedIndex++;
        }
      }
    }
    return out;
  }

  /** Removes from {@code value} (in place) every path that is a member of {@code remove}. */
  static void removeItems(JsonNode value, FieldSet remove, List<String> sp, ListSchema schema) {
    if (value instanceof ObjectNode obj) {
      remove.children.forEach(
          (pe, sub) -> {
            if (!pe.startsWith("f:")) {
              return;
            }
            String name = pe.substring(2);
            JsonNode child = obj.get(name);
            if (child == null) {
              return;
            }
            if (sub.member) {
              obj.remove(name);
            } else {
              removeItems(child, sub, ObjectFields.append(sp, name), schema);
            }
          });
    } else if (value instanceof ArrayNode list) {
      List<String> pes = ObjectFields.itemElements(list, sp, schema);
      for (int i = list.size() - 1; i >= 0; i--) {
        FieldSet sub = remove.children.get(pes.get(i));
        if (sub == null) {
          continue;
        }
        if (sub.member) {
          list.remove(i);
        } else {
          removeItems(list.get(i), sub, sp, schema);
        }
      }
    }
  }
}
