package io.exposedapp.apiserver.admission;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.exposedapp.apiserver.api.ApiException;
import io.exposedapp.apiserver.api.ResourceType;

/**
 * What kube-apiserver does with a custom resource and its CRD's structural schema ({@code openAPIV3Schema}) before
 * storing it: prune fields the schema does not declare, apply the schema's defaults, then validate (types, required,
 * bounds, lengths, patterns, enums, item and property counts, list-map keys), answering 422 with the real server's
 * messages. {@code apiVersion}, {@code kind} and {@code metadata} are left alone.
 *
 * <p>Not emulated: CEL rules ({@code x-kubernetes-validations}) are not evaluated (after an error that makes the real
 * server skip them, its note that they were not checked is added, as it does); {@code format};
 * {@code fieldValidation=Strict} (unknown fields are pruned, never refused); ratcheting.
 */
public final class CustomResourceSchema implements AdmissionPlugin {

  private static final Set<String> NOT_PRUNED = Set.of("apiVersion", "kind", "metadata");
  /** Errors after which kube-apiserver does not evaluate CEL rules. */
  private static final Set<String> BLOCKING = Set.of("FieldValueRequired", "FieldValueTooLong", "FieldValueTooMany",
      "FieldValueTypeInvalid");

  /** Test-only: false stores custom resources as sent, as a server whose CRD schema was laxer when they were written. */
  private volatile boolean enabled = true;

  public void enabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Prunes and defaults a custom resource in place (kube-apiserver does it as it decodes the request). */
  @Override
  public void mutate(Attributes attributes) {
    JsonNode schema = schemaOf(attributes);
    if (schema == null) {
      return;
    }
    ObjectNode object = attributes.object();
    for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
      String name = names.next();
      if (!NOT_PRUNED.contains(name) && !declares(schema, name)) {
        names.remove();
      }
    }
    for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
      String name = names.next();
      if (!NOT_PRUNED.contains(name)) {
        JsonNode sub = schema.path("properties").path(name);
        prune(sub, object.get(name));
        applyDefaults(sub, object.get(name));
      }
    }
  }

  /** Validates a custom resource against its schema; 422 with every cause when it is invalid. */
  @Override
  public void validate(Attributes attributes) {
    JsonNode schema = schemaOf(attributes);
    if (schema == null) {
      return;
    }
    ObjectNode object = attributes.object();
    ResourceType type = attributes.type();
    List<ApiException.Cause> causes = new ArrayList<>();
    for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
      String name = names.next();
      if (!NOT_PRUNED.contains(name)) {
        validate(name, schema.path("properties").path(name), object.get(name), causes);
      }
    }
    if (!causes.isEmpty()) {
      // kube-apiserver skips the CEL rules when an error could make their cost unbounded, and says so
      if (hasCelRules(schema) && causes.stream().anyMatch(c -> BLOCKING.contains(c.reason()))) {
        causes.add(new ApiException.Cause("FieldValueInvalid", "Invalid value: \"null\": some validation rules were "
            + "not checked because the object was invalid; correct the existing errors to complete validation",
            "<nil>"));
      }
      throw ApiException.invalid(type, object.path("metadata").path("name").asText(), causes);
    }
  }

  private JsonNode schemaOf(Attributes attributes) {
    JsonNode schema = attributes.type().openApiSchema();
    return !enabled || !attributes.type().isCustom() || schema == null || schema.isMissingNode() ? null : schema;
  }

  private static boolean declares(JsonNode schema, String name) {
    return schema.path("properties").has(name) || preservesUnknown(schema);
  }

  private static boolean preservesUnknown(JsonNode schema) {
    return schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
  }

  /** Removes the fields of objects that the schema does not declare. */
  static void prune(JsonNode schema, JsonNode value) {
    if (value instanceof ObjectNode object) {
      if (schema.path("additionalProperties").isObject()) {
        object.forEach(v -> prune(schema.get("additionalProperties"), v));
        return;
      }
      if (preservesUnknown(schema) && !schema.has("properties")) {
        return;
      }
      for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
        String name = names.next();
        if (!declares(schema, name)) {
          names.remove();
        } else {
          prune(schema.path("properties").path(name), object.get(name));
        }
      }
    } else if (value instanceof ArrayNode array) {
      array.forEach(item -> prune(schema.path("items"), item));
    }
  }

  /** Sets the schema's {@code default} of every property that is absent, in objects that are present. */
  static void applyDefaults(JsonNode schema, JsonNode value) {
    if (value instanceof ObjectNode object) {
      schema.path("properties").fields().forEachRemaining(p -> {
        if (!object.has(p.getKey()) && p.getValue().has("default")) {
          object.set(p.getKey(), p.getValue().get("default").deepCopy());
        }
        if (object.has(p.getKey())) {
          applyDefaults(p.getValue(), object.get(p.getKey()));
        }
      });
      if (schema.path("additionalProperties").isObject()) {
        object.forEach(v -> applyDefaults(schema.get("additionalProperties"), v));
      }
    } else if (value instanceof ArrayNode array) {
      array.forEach(item -> applyDefaults(schema.path("items"), item));
    }
  }

  static void validate(String path, JsonNode schema, JsonNode value, List<ApiException.Cause> causes) {
    if (value.isNull()) {
      if (!schema.path("nullable").asBoolean(false) && schema.has("type")) {
        causes.add(typeInvalid(path, schema.path("type").asText(), "null"));
      }
      return;
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (!value.isIntegralNumber() && !value.isTextual()) {
        causes.add(typeInvalid(path, "integer or string", typeOf(value)));
        return;
      }
    } else if (schema.has("type") && !hasType(value, schema.path("type").asText())) {
      causes.add(typeInvalid(path, schema.path("type").asText(), typeOf(value)));
      return;
    }
    if (value.isObject()) {
      validateObject(path, schema, (ObjectNode) value, causes);
    } else if (value.isArray()) {
      validateArray(path, schema, (ArrayNode) value, causes);
    } else if (value.isTextual()) {
      validateString(path, schema, value.asText(), causes);
    } else if (value.isNumber()) {
      validateNumber(path, schema, value, causes);
    }
    if (schema.has("enum") && !contains(schema.get("enum"), value)) {
      List<String> supported = new ArrayList<>();
      schema.get("enum").forEach(e -> supported.add(e.toString()));
      causes.add(new ApiException.Cause("FieldValueNotSupported", "Unsupported value: " + value + ": supported "
          + "values: " + String.join(", ", supported), path));
    }
  }

  private static void validateObject(String path, JsonNode schema, ObjectNode object,
      List<ApiException.Cause> causes) {
    for (JsonNode required : schema.path("required")) {
      if (!object.has(required.asText())) {
        causes.add(new ApiException.Cause("FieldValueRequired", "Required value", path + "." + required.asText()));
      }
    }
    if (schema.has("minProperties") && object.size() < schema.get("minProperties").asInt()) {
      causes.add(invalid(path, String.valueOf(object.size()), "should have at least "
          + schema.get("minProperties").asInt() + " properties"));
    }
    if (schema.has("maxProperties") && object.size() > schema.get("maxProperties").asInt()) {
      causes.add(invalid(path, String.valueOf(object.size()), "should have at most "
          + schema.get("maxProperties").asInt() + " properties"));
    }
    object.fields().forEachRemaining(e -> {
      JsonNode sub = schema.path("properties").has(e.getKey()) ? schema.path("properties").get(e.getKey())
          : schema.path("additionalProperties");
      if (sub.isObject()) {
        validate(path + "." + e.getKey(), sub, e.getValue(), causes);
      }
    });
  }

  private static void validateArray(String path, JsonNode schema, ArrayNode array, List<ApiException.Cause> causes) {
    if (schema.has("minItems") && array.size() < schema.get("minItems").asInt()) {
      causes.add(invalid(path, String.valueOf(array.size()), "should have at least " + schema.get("minItems").asInt()
          + " items"));
    }
    if (schema.has("maxItems") && array.size() > schema.get("maxItems").asInt()) {
      causes.add(new ApiException.Cause("FieldValueTooMany", "Too many: " + array.size() + ": must have at most "
          + schema.get("maxItems").asInt() + " items", path));
    }
    for (int i = 0; i < array.size(); i++) {
      validate(path + "[" + i + "]", schema.path("items"), array.get(i), causes);
    }
    String listType = schema.path("x-kubernetes-list-type").asText("");
    if (listType.equals("map")) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < array.size(); i++) {
        if (!array.get(i).isObject()) {
          continue;
        }
        StringBuilder key = new StringBuilder();
        for (JsonNode k : schema.path("x-kubernetes-list-map-keys")) {
          if (key.length() > 0) {
            key.append(", ");
          }
          key.append('"').append(k.asText()).append("\":").append(array.get(i).path(k.asText()));
        }
        if (!seen.add(key.toString())) {
          causes.add(new ApiException.Cause("FieldValueDuplicate", "Duplicate value: map[string]interface {}{"
              + key + "}", path + "[" + i + "]"));
        }
      }
    } else if (listType.equals("set") || schema.path("uniqueItems").asBoolean(false)) {
      Set<JsonNode> seen = new HashSet<>();
      for (int i = 0; i < array.size(); i++) {
        if (!seen.add(array.get(i))) {
          causes.add(new ApiException.Cause("FieldValueDuplicate", "Duplicate value: " + array.get(i),
              path + "[" + i + "]"));
        }
      }
    }
  }

  private static void validateString(String path, JsonNode schema, String text, List<ApiException.Cause> causes) {
    String quoted = com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
    if (schema.has("maxLength") && text.codePointCount(0, text.length()) > schema.get("maxLength").asInt()) {
      causes.add(new ApiException.Cause("FieldValueTooLong", "Too long: may not be longer than "
          + schema.get("maxLength").asInt(), path));
    }
    if (schema.has("minLength") && text.codePointCount(0, text.length()) < schema.get("minLength").asInt()) {
      causes.add(invalid(path, quoted, "should be at least " + schema.get("minLength").asInt() + " chars long"));
    }
    if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
      causes.add(invalid(path, quoted, "should match '" + schema.get("pattern").asText() + "'"));
    }
  }

  private static void validateNumber(String path, JsonNode schema, JsonNode number, List<ApiException.Cause> causes) {
    double n = number.asDouble();
    if (schema.has("maximum")) {
      double max = schema.get("maximum").asDouble();
      boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
      if (exclusive ? n >= max : n > max) {
        causes.add(invalid(path, number.toString(), "should be less than " + (exclusive ? "" : "or equal to ")
            + number(schema.get("maximum"))));
      }
    }
    if (schema.has("minimum")) {
      double min = schema.get("minimum").asDouble();
      boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
      if (exclusive ? n <= min : n < min) {
        causes.add(invalid(path, number.toString(), "should be greater than " + (exclusive ? "" : "or equal to ")
            + number(schema.get("minimum"))));
      }
    }
  }

  /** A bound as Go's %v prints a float64: 1000, not 1000.0. */
  private static String number(JsonNode bound) {
    double value = bound.asDouble();
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : bound.asText();
  }

  private static ApiException.Cause invalid(String path, String shownValue, String rule) {
    return new ApiException.Cause("FieldValueInvalid", "Invalid value: " + shownValue + ": " + path + " in body "
        + rule, path);
  }

  private static ApiException.Cause typeInvalid(String path, String expected, String actual) {
    return new ApiException.Cause("FieldValueTypeInvalid", "Invalid value: \"" + actual + "\": " + path
        + " in body must be of type " + expected + ": \"" + actual + "\"", path);
  }

  private static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> true;
    };
  }

  private static String typeOf(JsonNode value) {
    if (value.isObject()) {
      return "object";
    }
    if (value.isArray()) {
      return "array";
    }
    if (value.isTextual()) {
      return "string";
    }
    if (value.isIntegralNumber()) {
      return "integer";
    }
    if (value.isNumber()) {
      return "number";
    }
    return value.isBoolean() ? "boolean" : "null";
  }

  private static boolean contains(JsonNode values, JsonNode value) {
    for (JsonNode v : values) {
      if (v.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasCelRules(JsonNode schema) {
    if (schema.has("x-kubernetes-validations")) {
      return true;
    }
    for (JsonNode child : schema) {
      if (child.isContainerNode() && hasCelRules(child)) {
        return true;
      }
    }
    return false;
  }
}
