package io.exposedapp.apiserver;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What kube-apiserver checks of a CustomResourceDefinition's schema before it stores it, as far as tests have met it:
 * every key of an {@code x-kubernetes-list-type: map} list is required or has a default. The real server reports a
 * schema shared by every version under {@code spec.validation} (its internal form), one per version otherwise.
 */
final class CrdRules {

  private CrdRules() {
  }

  static void admit(ResourceType type, ObjectNode crd) {
    List<ApiException.Cause> causes = new ArrayList<>();
    List<JsonNode> schemas = new ArrayList<>();
    crd.path("spec").path("versions").forEach(v -> schemas.add(v.path("schema").path("openAPIV3Schema")));
    boolean shared = schemas.stream().distinct().count() == 1;
    for (int i = 0; i < schemas.size(); i++) {
      String root = shared ? "spec.validation.openAPIV3Schema" : "spec.versions[" + i + "].schema.openAPIV3Schema";
      listMapKeys(schemas.get(i), root, causes);
      if (shared) {
        break;
      }
    }
    if (!causes.isEmpty()) {
      throw ApiException.invalid(type, crd.path("metadata").path("name").asText(), causes);
    }
  }

  private static void listMapKeys(JsonNode schema, String path, List<ApiException.Cause> causes) {
    if ("map".equals(schema.path("x-kubernetes-list-type").asText())) {
      JsonNode items = schema.path("items");
      Set<String> required = new HashSet<>();
      items.path("required").forEach(r -> required.add(r.asText()));
      for (JsonNode key : schema.path("x-kubernetes-list-map-keys")) {
        if (!required.contains(key.asText()) && !items.path("properties").path(key.asText()).has("default")) {
          causes.add(new ApiException.Cause("FieldValueRequired", "Required value: this property is in "
              + "x-kubernetes-list-map-keys, so it must have a default or be a required property",
              path + ".items.properties[" + key.asText() + "].default"));
        }
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> property = it.next();
      listMapKeys(property.getValue(), path + ".properties[" + property.getKey() + "]", causes);
    }
    if (schema.path("items").isObject()) {
      listMapKeys(schema.get("items"), path + ".items", causes);
    }
    if (schema.path("additionalProperties").isObject()) {
      listMapKeys(schema.get("additionalProperties"), path + ".additionalProperties", causes);
    }
  }
}
