package io.exposedapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The committed CRD installs on the oldest supported Kubernetes version (1.26, docs/operations.md "Supported Kubernetes
 * versions"). kube-apiserver decodes CRDs strictly, so a field a later version added ({@code fieldPath} and
 * {@code reason} of CEL rules came in 1.28, {@code messageExpression} in 1.27, {@code selectableFields} in 1.30) makes
 * {@code kubectl apply -f crds/} fail there with "strict decoding error: unknown field". The allow-lists below are
 * the apiextensions.k8s.io/v1 fields of Kubernetes 1.26.
 */
class CrdCompatibilityTest {

  private static final Set<String> SCHEMA_FIELDS_1_26 = Set.of("id", "$schema", "$ref", "description", "type",
      "format", "title", "default", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength",
      "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "multipleOf", "enum", "maxProperties",
      "minProperties", "required", "items", "allOf", "oneOf", "anyOf", "not", "properties", "additionalProperties",
      "patternProperties", "dependencies", "additionalItems", "definitions", "externalDocs", "example", "nullable",
      "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource", "x-kubernetes-int-or-string",
      "x-kubernetes-list-map-keys", "x-kubernetes-list-type", "x-kubernetes-map-type", "x-kubernetes-validations");
  private static final Set<String> VALIDATION_RULE_FIELDS_1_26 = Set.of("rule", "message");
  private static final Set<String> VERSION_FIELDS_1_26 = Set.of("name", "served", "storage", "deprecated",
      "deprecationWarning", "schema", "subresources", "additionalPrinterColumns");
  private static final Set<String> SPEC_FIELDS_1_26 = Set.of("group", "names", "scope", "versions", "conversion",
      "preserveUnknownFields");
  /** Schema keywords whose value maps names (of properties, definitions) to schemas. */
  private static final Set<String> SCHEMA_MAPS = Set.of("properties", "patternProperties", "definitions",
      "dependencies");
  /** Schema keywords whose value is a schema, or a list of them. */
  private static final Set<String> SCHEMA_VALUES = Set.of("items", "additionalProperties", "additionalItems", "not",
      "allOf", "oneOf", "anyOf");

  static final List<String> CRDS = CrdFiles.ALL;

  @ParameterizedTest
  @FieldSource("CRDS")
  void everyFieldOfTheCommittedCrdIsKnownToKubernetes126(String fileName) {
    JsonNode crd = CrdFiles.tree(CrdFiles.committed(fileName));
    List<String> unknown = new ArrayList<>();
    unknownFields("spec", crd.path("spec"), SPEC_FIELDS_1_26, unknown);
    for (JsonNode version : crd.path("spec").path("versions")) {
      String at = "spec.versions[" + version.path("name").asText() + "]";
      unknownFields(at, version, VERSION_FIELDS_1_26, unknown);
      walkSchema(at + ".schema.openAPIV3Schema", version.path("schema").path("openAPIV3Schema"), unknown);
    }
    assertThat(unknown).as("CRD fields a Kubernetes 1.26 API server rejects as unknown").isEmpty();
  }

  @Test
  void theCheckFindsTheCelRuleFieldsThatCameWithKubernetes128() {
    ObjectNode schema = new ObjectMapper().createObjectNode().put("type", "object");
    schema.putArray("x-kubernetes-validations").addObject().put("rule", "true").put("message", "m")
        .put("fieldPath", ".ports").put("reason", "FieldValueDuplicate");
    List<String> unknown = new ArrayList<>();
    walkSchema("spec", schema, unknown);
    assertThat(unknown).containsExactly("spec.x-kubernetes-validations[].fieldPath",
        "spec.x-kubernetes-validations[].reason");
  }

  private static void walkSchema(String at, JsonNode schema, List<String> unknown) {
    if (!schema.isObject()) {
      return;
    }
    unknownFields(at, schema, SCHEMA_FIELDS_1_26, unknown);
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      unknownFields(at + ".x-kubernetes-validations[]", rule, VALIDATION_RULE_FIELDS_1_26, unknown);
    }
    for (Iterator<String> keys = schema.fieldNames(); keys.hasNext();) {
      String key = keys.next();
      JsonNode value = schema.get(key);
      if (SCHEMA_MAPS.contains(key)) {
        value.fields().forEachRemaining(e -> walkSchema(at + "." + e.getKey(), e.getValue(), unknown));
      } else if (SCHEMA_VALUES.contains(key)) {
        if (value.isArray()) {
          value.forEach(v -> walkSchema(at + "." + key + "[]", v, unknown));
        } else {
          walkSchema(at + "." + key, value, unknown);
        }
      }
    }
  }

  private static void unknownFields(String at, JsonNode node, Set<String> known, List<String> unknown) {
    node.fieldNames().forEachRemaining(name -> {
      if (!known.contains(name)) {
        unknown.add(at + "." + name);
      }
    });
  }
}
