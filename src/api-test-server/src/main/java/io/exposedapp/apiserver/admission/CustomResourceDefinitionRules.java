package io.exposedapp.apiserver.admission;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.exposedapp.apiserver.api.ApiException;
import io.exposedapp.apiserver.api.ResourceType;

/**
 * What kube-apiserver checks of a CustomResourceDefinition before it stores it, as far as tests have met it: a group of
 * the Kubernetes project ({@code *.k8s.io}, {@code *.kubernetes.io}) needs the API approval annotation, and every key
 * of an {@code x-kubernetes-list-type: map} list is required or has a default. The real server reports a
 * schema shared by every version under {@code spec.validation} (its internal form), one per version otherwise.
 */
public final class CustomResourceDefinitionRules implements AdmissionPlugin {

  @Override
  public void validate(Attributes attributes) {
    if (attributes.is("apiextensions.k8s.io", "customresourcedefinitions")) {
      admit(attributes.type(), attributes.object());
    }
  }

  static void admit(ResourceType type, ObjectNode crd) {
    List<ApiException.Cause> causes = new ArrayList<>();
    apiApproval(crd, causes);
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

  /** The annotation that says where the Kubernetes project approved an API of its own groups. */
  public static final String API_APPROVED = "api-approved.kubernetes.io";

  /** As kube-apiserver's apiextensions validation: a URL, or a reason starting with "unapproved". */
  private static void apiApproval(ObjectNode crd, List<ApiException.Cause> causes) {
    String group = crd.path("spec").path("group").asText();
    boolean protectedGroup = group.equals("k8s.io") || group.endsWith(".k8s.io") || group.equals("kubernetes.io")
        || group.endsWith(".kubernetes.io");
    if (!protectedGroup) {
      return;
    }
    JsonNode approval = crd.path("metadata").path("annotations").path(API_APPROVED);
    String field = "metadata.annotations[" + API_APPROVED + "]";
    if (approval.isMissingNode() || approval.isNull()) {
      causes.add(new ApiException.Cause("FieldValueRequired", "Required value: protected groups must have approval "
          + "annotation \"" + API_APPROVED + "\", see https://github.com/kubernetes/enhancements/pull/1111", field));
    } else if (!approval.asText().startsWith("unapproved") && !approval.asText().matches("^https?://\\S+$")) {
      causes.add(new ApiException.Cause("FieldValueInvalid", "Invalid value: \"" + approval.asText() + "\": "
          + "protected groups must have approval annotation \"" + API_APPROVED + "\" with either a URL or a reason "
          + "starting with \"unapproved\", see https://github.com/kubernetes/enhancements/pull/1111", field));
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
