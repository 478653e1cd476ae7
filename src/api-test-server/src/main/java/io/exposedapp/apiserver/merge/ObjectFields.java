package io.exposedapp.apiserver.merge;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads objects as sets of field paths under a {@link ListSchema}: the field set of an applied
 * configuration, the difference between two objects, and how list items are identified.
 */
final class ObjectFields {
  private ObjectFields() {}

  /** What {@link #compare} found, each as a set of paths. */
  record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {
    boolean isEmpty() {
      return added.isEmpty() && modified.isEmpty() && removed.isEmpty();
    }

    FieldSet addedOrModified() {
      return added.union(modified);
    }
  }

  /**
   * The path element naming {@code item} in the list at {@code schemaPath}, or {@code null} when a
   * map-list item lacks a key field that has no default.
   */
  static String itemElement(JsonNode item, ListSchema.ListType type, List<String> schemaPath, ListSchema schema) {
    if (type instanceof ListSchema.MapList mapList) {
      if (!item.isObject()) {
        return null;
      }
      Map<String, JsonNode> defaults = schema.keyDefaults(schemaPath);
      Map<String, JsonNode> key = new LinkedHashMap<>();
      for (String k : mapList.keys()) {
        JsonNode v = item.get(k);
        if (v == null || v.isNull()) {
          v = defaults.get(k);
        }
        if (v == null) {
          return null;
        }
        key.put(k, v);
      }
      return PathElements.key(key);
    }
    return PathElements.value(item);
  }

  /**
   * Item path elements of a granular list in order; duplicates and unkeyable items get positional
   * {@code i:} elements so that they are kept but never matched.
   */
  static List<String> itemElements(ArrayNode list, List<String> schemaPath, ListSchema schema) {
    ListSchema.ListType type = schema.listTypeAt(schemaPath);
    List<String> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String pe = itemElement(list.get(i), type, schemaPath, schema);
      out.add(pe == null || !seen.add(pe) ? PathElements.index(i) : pe);
    }
    return out;
  }

  /** Rejects applied lists the real server rejects: missing key fields and duplicate items. */
  static void validateApplied(JsonNode value, List<String> schemaPath, ListSchema schema) {
    if (value.isObject()) {
      value.fields().forEachRemaining(e -> validateApplied(e.getValue(), append(schemaPath, e.getKey()), schema));
    } else if (value.isArray()) {
      ListSchema.ListType type = schema.listTypeAt(schemaPath);
      if (type instanceof ListSchema.Atomic) {
        return;
      }
      Set<String> seen = new LinkedHashSet<>();
      for (JsonNode item : value) {
        String pe = itemElement(item, type, schemaPath, schema);
        if (pe == null) {
          throw new PatchException(
              "." + String.join(".", schemaPath) + ": associative list with keys "
                  + ((ListSchema.MapList) type).keys() + " has an element that omits a key field: " + item);
        }
        if (!seen.add(pe)) {
          throw new PatchException(
              "." + String.join(".", schemaPath) + ": duplicate entries for key " + pe.substring(2));
        }
        validateApplied(item, schemaPath, schema);
      }
    }
  }

  /**
   * The fields an applied configuration sets, as structured-merge-diff's ToFieldSet computes them:
   * scalars, atomic lists/maps and list items are members; struct and map fields are only parents.
   */
  static FieldSet ofApplied(JsonNode config, ListSchema schema) {
    FieldSet root = new FieldSet();
    visitApplied(config, List.of(), root, schema);
    return prune(root);
  }

  private static void visitApplied(JsonNode v, List<String> sp, FieldSet node, ListSchema schema) {
    if (v.isObject()) {
      if (!sp.isEmpty() && schema.isAtomicMap(sp)) {
        node.member = true;
        return;
      }
      v.fields()
          .forEachRemaining(
              e -> {
                if (!e.getValue().isNull()) {
                  visitApplied(e.getValue(), append(sp, e.getKey()), node.child(PathElements.field(e.getKey())), schema);
                }
              });
    } else if (v.isArray()) {
      ListSchema.ListType type = schema.listTypeAt(sp);
      if (type instanceof ListSchema.Atomic) {
        node.member = true;
        return;
      }
      List<String> pes = itemElements((ArrayNode) v, sp, schema);
      for (int i = 0; i < v.size(); i++) {
        FieldSet item = node.child(pes.get(i));
        item.member = true;
        if (type instanceof ListSchema.MapList && v.get(i).isObject()) {
          visitApplied(v.get(i), sp, item, schema);
        }
      }
    } else {
      node.member = true;
    }
  }

  /**
   * Differences from {@code before} to {@code after}. Like the real server, a value that appears
   * or disappears is recorded together with everything below it (so a new {@code data} map shows
   * up as {@code f:data: {".": {}, "f:key": {}}}), except the top-level {@code metadata}, which
   * always exists on a stored object.
   */
  static Comparison compare(JsonNode before, JsonNode after, ListSchema schema) {
    Comparison c = new Comparison(new FieldSet(), new FieldSet(), new FieldSet());
    compare(before, after, List.of(), new ArrayList<>(), c, schema);
    return new Comparison(prune(c.added()), prune(c.modified()), prune(c.removed()));
  }

  private static void compare(
      JsonNode l, JsonNode r, List<String> sp, List<String> path, Comparison c, ListSchema schema) {
    l = l == null || l.isNull() || l.isMissingNode() ? null : l;
    r = r == null || r.isNull() || r.isMissingNode() ? null : r;
    if (l == null && r == null) {
      return;
    }
    if (l == null) {
      whole(r, sp, path, c.added(), schema);
      return;
    }
    if (r == null) {
      whole(l, sp, path, c.removed(), schema);
      return;
    }
    boolean granularObjects = l.isObject() && r.isObject() && (sp.isEmpty() || !schema.isAtomicMap(sp));
    boolean granularLists =
        l.isArray() && r.isArray() && !(schema.listTypeAt(sp) instanceof ListSchema.Atomic);
    if (granularObjects) {
      Set<String> names = new LinkedHashSet<>();
      l.fieldNames().forEachRemaining(names::add);
      r.fieldNames().forEachRemaining(names::add);
      for (String n : names) {
        path.add(PathElements.field(n));
        compare(l.get(n), r.get(n), append(sp, n), path, c, schema);
        path.remove(path.size() - 1);
      }
    } else if (granularLists) {
      Map<String, JsonNode> li = index((ArrayNode) l, sp, schema);
      Map<String, JsonNode> ri = index((ArrayNode) r, sp, schema);
      Set<String> pes = new LinkedHashSet<>(li.keySet());
      pes.addAll(ri.keySet());
      for (String pe : pes) {
        path.add(pe);
        JsonNode a = li.get(pe), b = ri.get(pe);
        if (a == null) {
          whole(b, sp, path, c.added(), schema);
        } else if (b == null) {
          whole(a, sp, path, c.removed(), schema);
        } else if (a.isObject() && b.isObject()) {
          compare(a, b, sp, path, c, schema);
        } else if (!a.equals(b)) {
          c.modified().insert(path);
        }
        path.remove(path.size() - 1);
      }
    } else if (!l.equals(r)) {
      c.modified().insert(path);
    }
  }

  /** Records {@code v} at {@code path} and everything below it into {@code set}. */
  private static void whole(JsonNode v, List<String> sp, List<String> path, FieldSet set, ListSchema schema) {
    boolean topLevelMetadata = path.size() == 1 && path.get(0).equals("f:metadata");
    if (!path.isEmpty() && !topLevelMetadata) {
      set.insert(path);
    }
    if (v.isObject() && (sp.isEmpty() || !schema.isAtomicMap(sp))) {
      v.fields()
          .forEachRemaining(
              e -> {
                if (!e.getValue().isNull()) {
                  path.add(PathElements.field(e.getKey()));
                  whole(e.getValue(), append(sp, e.getKey()), path, set, schema);
                  path.remove(path.size() - 1);
                }
              });
    } else if (v.isArray() && !(schema.listTypeAt(sp) instanceof ListSchema.Atomic)) {
      index((ArrayNode) v, sp, schema)
          .forEach(
              (pe, item) -> {
                path.add(pe);
                set.insert(path);
                if (item.isObject()) {
                  whole(item, sp, path, set, schema);
                }
                path.remove(path.size() - 1);
              });
    }
  }

  private static Map<String, JsonNode> index(ArrayNode list, List<String> sp, ListSchema schema) {
    List<String> pes = itemElements(list, sp, schema);
    Map<String, JsonNode> m = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      m.put(pes.get(i), list.get(i));
    }
    return m;
  }

  /** Fills declared defaults of map-list key fields (e.g. {@code protocol: TCP}) in place. */
  static void fillKeyDefaults(JsonNode v, List<String> sp, ListSchema schema) {
    if (v.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        fillKeyDefaults(e.getValue(), append(sp, e.getKey()), schema);
      }
    } else if (v.isArray()) {
      Map<String, JsonNode> defaults = schema.keyDefaults(sp);
      for (JsonNode item : v) {
        if (item.isObject()) {
          defaults.forEach(
              (k, d) -> {
                if (!item.hasNonNull(k)) {
                  ((ObjectNode) item).set(k, d.deepCopy());
                }
              });
          fillKeyDefaults(item, sp, schema);
        }
      }
    }
  }

  /** Drops nodes that hold nothing (left behind by empty maps and lists). */
  static FieldSet prune(FieldSet s) {
    s.children.values().forEach(ObjectFields::prune);
    s.children.values().removeIf(FieldSet::isEmpty);
    return s;
  }

  static List<String> append(List<String> path, String name) {
    List<String> p = new ArrayList<>(path.size() + 1);
    p.addAll(path);
    p.add(name);
    return p;
  }
}
