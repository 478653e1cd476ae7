package io.exposedapp.api;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Build-time only: a {@link SchemaCustomizer.Customizer} that applies its input as an RFC 7386 JSON merge patch,
 * recursively, to the schema the CRD generator computed for the annotated class.
 *
 * <p>fabric8's own
 * {@code SchemaCustomizer.MergePatchCustomizer} (7.5.2) uses Jackson's {@code readerForUpdating}, which merges only
 * the top level: a patch of {@code {"properties":{"ports":{...}}}} would replace the whole
 * {@code properties} map. The generator has no annotation for {@code x-kubernetes-list-type} /
 * {@code x-kubernetes-list-map-keys}, for constraints on {@code IntOrString} fields or for object
 * descriptions, so those few additions are written as deep merge patches on the owning class.
 *
 * <p>Only the generator (crd-generator-maven-plugin) loads this class; {@code crd-generator-api-v2} is a
 * {@code provided} dependency, so at run time the annotation that names this class is simply absent.
 */
public final class JsonMergePatchCustomizer implements SchemaCustomizer.Customizer {

  @Override
  public JSONSchemaProps apply(JSONSchemaProps props, String input, KubernetesSerialization serialization) {
    JsonNode target = serialization.convertValue(props, JsonNode.class);
    JsonNode patch = serialization.unmarshal(input, JsonNode.class);
    return serialization.convertValue(merge(target, patch), JSONSchemaProps.class);
  }

  /**
   * RFC 7386, section 2: objects merge member by member, null removes a member, anything else replaces. (The API test
   * server has its own implementation; the operator does not depend on it, and these few lines are not worth a
   * library.)
   */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : JsonNodeFactory.instance.objectNode();
    patch.fields().forEachRemaining(member -> {
      if (member.getValue().isNull()) {
        result.remove(member.getKey());
      } else {
        result.set(member.getKey(), merge(result.get(member.getKey()), member.getValue()));
      }
    });
    return result;
  }
}
