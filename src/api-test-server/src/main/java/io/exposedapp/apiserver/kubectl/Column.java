package io.exposedapp.apiserver.kubectl;

import java.time.Instant;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** One column of a Table: its definition, and how a row's cell is computed from the object. */
record Column(String name, String type, String format, String description, int priority,
    Function<Column.Subject, JsonNode> cell) {

  /** One row's input: the object and the clock ages are computed against. */
  record Subject(JsonNode obj, Instant now) {
  }

  static final String NAME_DESCRIPTION = "Name must be unique within a namespace. Is required when creating resources,"
      + " although some resources may allow a client to request the generation of an appropriate name automatically."
      + " Name is primarily intended for creation idempotence and configuration definition. Cannot be updated."
      + " More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
  static final String CREATION_DESCRIPTION = "CreationTimestamp is a timestamp representing the server time when this"
      + " object was created. It is not guaranteed to be set in happens-before order across separate operations."
      + " Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system."
      + " Read-only. Null for lists. More info:"
      + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  static Column nameColumn() {
    return new Column("Name", "string", "name", NAME_DESCRIPTION, 0,
        s -> JSON.textNode(text(s.obj().path("metadata").path("name"))));
  }

  /** Built-in printers' Age: type string, {@code translateTimestampSince(creationTimestamp)}. */
  static Column ageColumn() {
    return new Column("Age", "string", "", CREATION_DESCRIPTION, 0,
        s -> JSON.textNode(Tables.age(s.obj().path("metadata").path("creationTimestamp"), s.now())));
  }

  static Column stringColumn(String name, String description, int priority, Function<JsonNode, String> value) {
    return new Column(name, "string", "", description, priority, s -> JSON.textNode(value.apply(s.obj())));
  }

  static boolean isSet(JsonNode n) {
    return n != null && n.isTextual() && !n.asText().isEmpty();
  }

  static String text(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? "" : n.asText();
  }
}
