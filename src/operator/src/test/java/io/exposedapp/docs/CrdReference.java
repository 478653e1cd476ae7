package io.exposedapp.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The reference page of a CRD, generated from its committed schema ({@code crds/}): one table per object (spec, each
 * nested object, each list of objects), one row per field with its type, what the API server validates (required,
 * default, enum, bounds, pattern, list keys, CEL rules) and the schema's own description, which is what {@code kubectl
 * explain} prints. A pure function of the CRD file, so the committed page cannot drift from the schema.
 */
final class CrdReference {

  private final StringBuilder out = new StringBuilder();

  private CrdReference() {
  }

  /**
   * @param title the page's heading
   * @param intro what the page is, above the tables
   * @param notWalked object paths whose fields are not listed (a Kubernetes type documented elsewhere)
   */
  static String page(Path crdFile, String title, String intro, Set<String> notWalked) throws IOException {
    JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(crdFile));
    JsonNode version = crd.at("/spec/versions/0");
    CrdReference page = new CrdReference();
    page.out.append("<!-- Generated from ").append(crdFile.toString().replace('\\', '/'))
        .append(" by GeneratedDocsTest: do not edit; -Dgolden.update=true regenerates it. -->\n\n")
        .append("# ").append(title).append("\n\n").append(intro).append("\n\n")
        .append("`apiVersion: ").append(crd.at("/spec/group").asText()).append('/').append(version.get("name").asText())
        .append("`, `kind: ").append(crd.at("/spec/names/kind").asText()).append("`, ")
        .append(crd.at("/spec/scope").asText().toLowerCase()).append(
            crd.at("/spec/names/shortNames").isArray() && crd.at("/spec/names/shortNames").size() > 0
                ? ", short name `" + crd.at("/spec/names/shortNames/0").asText() + "`" : "")
        .append(".\n");
    JsonNode root = version.at("/schema/openAPIV3Schema/properties");
    for (String top : List.of("spec", "status")) {
      page.object(top, root.get(top), notWalked);
    }
    return page.out.toString();
  }

  /** One object's table, then the tables of its nested objects, depth first. */
  private void object(String path, JsonNode schema, Set<String> notWalked) {
    JsonNode properties = schema.path("properties");
    if (!properties.isObject() || notWalked.contains(path)) {
      return;
    }
    out.append("\n## ").append(path).append("\n\n");
    rules(schema);
    out.append("| Field | Type | Validation | Description |\n|---|---|---|---|\n");
    List<String[]> nested = new ArrayList<>();
    Set<String> required = new java.util.HashSet<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> field = it.next();
      String fieldPath = path + "." + field.getKey();
      JsonNode node = field.getValue();
      out.append("| `").append(fieldPath).append("` | ").append(type(node)).append(" | ")
          .append(validation(node, required.contains(field.getKey()))).append(" | ")
          .append(cell(node.path("description").asText(""))).append(" |\n");
      if (node.path("properties").isObject()) {
        nested.add(new String[] {fieldPath});
      } else if (node.path("items").path("properties").isObject()) {
        nested.add(new String[] {fieldPath + "[]"});
      }
    }
    for (String[] child : nested) {
      String childPath = child[0];
      JsonNode childNode = childPath.endsWith("[]")
          ? properties.get(childPath.substring(path.length() + 1, childPath.length() - 2)).get("items")
          : properties.get(childPath.substring(path.length() + 1));
      object(childPath, childNode, notWalked);
    }
  }

  /** The object's own CEL rules, which concern several of its fields. */
  private void rules(JsonNode schema) {
    JsonNode rules = schema.path("x-kubernetes-validations");
    if (rules.isArray() && rules.size() > 0) {
      out.append("Rules the API server checks (CEL):\n\n");
      rules.forEach(r -> out.append("- ").append(r.path("message").asText(r.path("rule").asText())).append('\n'));
      out.append('\n');
    }
  }

  private static String type(JsonNode node) {
    if (node.path("x-kubernetes-int-or-string").asBoolean()) {
      return "int-or-string";
    }
    String type = node.path("type").asText("object");
    if (type.equals("array")) {
      return "[]" + type(node.path("items"));
    }
    if (type.equals("object") && node.path("additionalProperties").isObject()) {
      return "map[string]" + type(node.path("additionalProperties"));
    }
    return type;
  }

  private static String validation(JsonNode node, boolean required) {
    List<String> parts = new ArrayList<>();
    if (required) {
      parts.add("**required**");
    }
    parts.addAll(constraints(node));
    JsonNode items = node.path("items");
    if (items.isObject() && !items.path("properties").isObject()) {
      List<String> each = constraints(items);
      if (!each.isEmpty()) {
        parts.add("each: " + String.join(", ", each));
      }
    }
    return String.join("; ", parts);
  }

  /** What the API server checks of one node's own value. */
  private static List<String> constraints(JsonNode node) {
    List<String> parts = new ArrayList<>();
    if (node.has("default")) {
      parts.add("default `" + node.get("default").asText() + "`");
    }
    if (node.path("enum").isArray()) {
      List<String> values = new ArrayList<>();
      node.get("enum").forEach(v -> values.add("`" + v.asText() + "`"));
      parts.add("one of " + String.join(", ", values));
    }
    range(parts, node, "minimum", "maximum", "");
    range(parts, node, "minLength", "maxLength", " chars");
    range(parts, node, "minItems", "maxItems", " items");
    range(parts, node, "minProperties", "maxProperties", " entries");
    if (node.has("pattern")) {
      parts.add("pattern `" + node.get("pattern").asText().replace("|", "\\|") + "`");
    }
    if (node.path("x-kubernetes-list-map-keys").isArray()) {
      List<String> keys = new ArrayList<>();
      node.get("x-kubernetes-list-map-keys").forEach(k -> keys.add("`" + k.asText() + "`"));
      parts.add("keyed by " + String.join(", ", keys));
    }
    if (!node.path("properties").isObject()) {
      node.path("x-kubernetes-validations").forEach(r -> parts.add(cell(r.path("message")
          .asText(r.path("rule").asText()))));
    }
    return parts;
  }

  private static void range(List<String> parts, JsonNode node, String min, String max, String unit) {
    if (node.has(min) && node.has(max)) {
      parts.add(node.get(min).asText() + ".." + node.get(max).asText() + unit);
    } else if (node.has(min)) {
      parts.add("min " + node.get(min).asText() + unit);
    } else if (node.has(max)) {
      parts.add("max " + node.get(max).asText() + unit);
    }
  }

  /** Text for a table cell: one line, pipes escaped. */
  static String cell(String text) {
    return text.strip().replace("\r", "").replace("\n", " ").replace("|", "\\|").replace("<", "&lt;")
        .replace(">", "&gt;");
  }
}
