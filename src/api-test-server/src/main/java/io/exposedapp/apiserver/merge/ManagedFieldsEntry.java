package io.exposedapp.apiserver.merge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One {@code metadata.managedFields} entry with its field set decoded. Mutable on purpose: an apply
 * edits the entries of one object in a single pass and then writes them back.
 */
final class ManagedFieldsEntry {
  final String manager;
  final String operation;
  String apiVersion;
  String time;
  final String subresource;
  FieldSet fields;

  ManagedFieldsEntry(String manager, String operation, String apiVersion, String time, String subresource, FieldSet fields) {
    this.manager = manager;
    this.operation = operation;
    this.apiVersion = apiVersion;
    this.time = time;
    this.subresource = subresource == null ? "" : subresource;
    this.fields = fields;
  }

  /**
   * Whether this entry belongs to the given writer. Like the real server, Apply entries are per
   * (manager, subresource) and Update entries per (manager, subresource, apiVersion).
   */
  boolean identifies(String manager, String operation, String subresource, String apiVersion) {
    return this.manager.equals(manager)
        && this.operation.equals(operation)
        && this.subresource.equals(subresource == null ? "" : subresource)
        && ("Apply".equals(operation) || Objects.equals(this.apiVersion, apiVersion));
  }

  static List<ManagedFieldsEntry> read(JsonNode object) {
    List<ManagedFieldsEntry> out = new ArrayList<>();
    if (object == null) {
      return out;
    }
    for (JsonNode e : object.path("metadata").path("managedFields")) {
      if (!"FieldsV1".equals(e.path("fieldsType").asText("FieldsV1"))) {
        continue;
      }
      out.add(
          new ManagedFieldsEntry(
              e.path("manager").asText(""),
              e.path("operation").asText(""),
              e.path("apiVersion").asText(null),
              e.path("time").asText(null),
              e.path("subresource").asText(""),
              FieldSet.fromFieldsV1(e.get("fieldsV1"))));
    }
    return out;
  }

  /** Entries in the real server's order: operation, time, manager, apiVersion, subresource. */
  static ArrayNode write(List<ManagedFieldsEntry> entries) {
    List<ManagedFieldsEntry> sorted = new ArrayList<>(entries);
    sorted.sort(
        Comparator.comparing((ManagedFieldsEntry e) -> e.operation)
            .thenComparing(e -> Objects.toString(e.time, ""))
            .thenComparing(e -> e.manager)
            .thenComparing(e -> Objects.toString(e.apiVersion, ""))
            .thenComparing(e -> e.subresource));
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (ManagedFieldsEntry e : sorted) {
      ObjectNode o = out.addObject();
      o.put("manager", e.manager);
      o.put("operation", e.operation);
      if (e.apiVersion != null) {
        o.put("apiVersion", e.apiVersion);
      }
      if (e.time != null) {
        o.put("time", e.time);
      }
      o.put("fieldsType", "FieldsV1");
      o.set("fieldsV1", e.fields.toFieldsV1());
      if (!e.subresource.isEmpty()) {
        o.put("subresource", e.subresource);
      }
    }
    return out;
  }

  /** Same owner, same version and same fields; the time is deliberately not compared. */
  boolean sameAs(ManagedFieldsEntry o) {
    return manager.equals(o.manager)
        && operation.equals(o.operation)
        && subresource.equals(o.subresource)
        && Objects.equals(apiVersion, o.apiVersion)
        && fields.equals(o.fields);
  }

  ManagedFieldsEntry copy() {
    return new ManagedFieldsEntry(manager, operation, apiVersion, time, subresource, fields.copy());
  }
}
