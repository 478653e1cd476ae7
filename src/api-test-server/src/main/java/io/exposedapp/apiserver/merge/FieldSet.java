package io.exposedapp.apiserver.merge;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A set of field paths as a tree, the in-memory form of FieldsV1. A node is a <em>member</em> when
 * its own path is in the set (a leaf, a list item, an atomic value); it may also have children.
 * The root is never a member.
 */
final class FieldSet {
  boolean member;
  final TreeMap<String, FieldSet> children = new TreeMap<>(PathElements.ORDER);

  FieldSet child(String pe) {
    return children.computeIfAbsent(pe, k -> new FieldSet());
  }

  void insert(List<String> path) {
    FieldSet n = this;
    for (String pe : path) {
      n = n.child(pe);
    }
    if (n != this) {
      n.member = true;
    }
  }

  boolean isEmpty() {
    return !member && children.values().stream().allMatch(FieldSet::isEmpty);
  }

  FieldSet copy() {
    FieldSet c = new FieldSet();
    c.member = member;
    children.forEach((k, v) -> c.children.put(k, v.copy()));
    return c;
  }

  FieldSet union(FieldSet o) {
    FieldSet r = copy();
    r.addAll(o);
    return r;
  }

  private void addAll(FieldSet o) {
    member |= o.member;
    o.children.forEach((k, v) -> child(k).addAll(v));
  }

  /** Paths in this set that are not in {@code o} (children of a removed path are kept). */
  FieldSet difference(FieldSet o) {
    FieldSet r = new FieldSet();
    r.member = member && !o.member;
    children.forEach(
        (k, v) -> {
          FieldSet other = o.children.get(k);
          FieldSet d = other == null ? v.copy() : v.difference(other);
          if (!d.isEmpty()) {
            r.children.put(k, d);
          }
        });
    return r;
  }

  FieldSet intersection(FieldSet o) {
    FieldSet r = new FieldSet();
    r.member = member && o.member;
    children.forEach(
        (k, v) -> {
          FieldSet other = o.children.get(k);
          if (other != null) {
            FieldSet i = v.intersection(other);
            if (!i.isEmpty()) {
              r.children.put(k, i);
            }
          }
        });
    return r;
  }

  /**
   * Every path that has something below it becomes a member too, like structured-merge-diff's
   * EnsureNamedFieldsAreMembers: owning {@code spec.a.b} means {@code spec.a} is owned as well.
   */
  FieldSet withParentsAsMembers() {
    FieldSet r = new FieldSet();
    children.forEach(
        (k, v) -> {
          if (!v.isEmpty()) {
            FieldSet c = v.withParentsAsMembers();
            c.member = true;
            r.children.put(k, c);
          }
        });
    return r;
  }

  /** Removes the given direct children when present; used to strip server-owned fields. */
  void removeChildren(String parent, List<String> names) {
    FieldSet p = children.get(parent);
    if (p != null) {
      names.forEach(p.children::remove);
    }
  }

  /** Member paths, depth first in FieldsV1 order. */
  List<List<String>> memberPaths() {
    List<List<String>> out = new ArrayList<>();
    collect(new ArrayList<>(), out);
    return out;
  }

  private void collect(List<String> prefix, List<List<String>> out) {
    if (member) {
      out.add(List.copyOf(prefix));
    }
    children.forEach(
        (k, v) -> {
          prefix.add(k);
          v.collect(prefix, out);
          prefix.remove(prefix.size() - 1);
        });
  }

  /** FieldsV1 as the real server writes it: sorted, {@code ".": {}} on members with children. */
  ObjectNode toFieldsV1() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    children.forEach(
        (k, v) -> {
          if (!v.isEmpty()) {
            o.set(k, v.toFieldsV1Node());
          }
        });
    return o;
  }

  private ObjectNode toFieldsV1Node() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    boolean hasChildren = children.values().stream().anyMatch(c -> !c.isEmpty());
    if (member && hasChildren) {
      o.set(".", JsonNodeFactory.instance.objectNode());
    }
    children.forEach(
        (k, v) -> {
          if (!v.isEmpty()) {
            o.set(k, v.toFieldsV1Node());
          }
        });
    return o;
  }

  static FieldSet fromFieldsV1(JsonNode fieldsV1) {
    FieldSet root = new FieldSet();
    if (fieldsV1 != null && fieldsV1.isObject()) {
      root.read(fieldsV1);
      root.member = false;
    }
    return root;
  }

  private void read(JsonNode node) {
    if (node.isEmpty()) {
      member = true;
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals(".")) {
        member = true;
      } else {
        child(PathElements.canonical(e.getKey())).read(e.getValue());
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSet f && toFieldsV1().equals(f.toFieldsV1());
  }

  @Override
  public int hashCode() {
    return toFieldsV1().hashCode();
  }

  @Override
  public String toString() {
    return toFieldsV1().toString();
  }
}
