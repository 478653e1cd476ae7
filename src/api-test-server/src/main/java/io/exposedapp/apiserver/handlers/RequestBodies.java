package io.exposedapp.apiserver.handlers;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.exposedapp.apiserver.api.ApiException;
import io.exposedapp.apiserver.api.ApiRequest;
import io.exposedapp.apiserver.api.ResourceType;
import io.fabric8.mockwebserver.http.RecordedRequest;

/** What the verb handlers read off a request: its body, its field manager, and the checks every write makes first. */
final class RequestBodies {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new YAMLMapper();

  private RequestBodies() {
  }

  static ObjectNode body(RecordedRequest request) {
    String contentType = String.valueOf(request.getHeader("Content-Type"));
    if (contentType.contains("protobuf")) {
      // the real server speaks protobuf too; this one only JSON and YAML (kubectl's "create <kind>" generators and
      // "run" send protobuf)
      throw ApiException.unsupportedMediaType(contentType);
    }
    return asObject(parse(raw(request), true));
  }

  static String raw(RecordedRequest request) {
    return request.getBody() == null ? "" : new String(request.getBody().getBytes());
  }

  static JsonNode parse(String raw, boolean yamlAllowed) {
    try {
      String trimmed = raw.trim();
      if (trimmed.isEmpty()) {
        throw ApiException.badRequest("the request body is empty");
      }
      return trimmed.startsWith("{") || trimmed.startsWith("[") || !yamlAllowed ? JSON.readTree(trimmed)
          : YAML.readTree(trimmed);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("the body of the request could not be decoded: " + e.getOriginalMessage());
    }
  }

  static ObjectNode asObject(JsonNode node) {
    if (!(node instanceof ObjectNode o)) {
      throw ApiException.badRequest("the body of the request must be a JSON object");
    }
    return o;
  }

  static ObjectNode metadata(ObjectNode object) {
    return object.has("metadata") && object.get("metadata").isObject() ? (ObjectNode) object.get("metadata")
        : object.putObject("metadata");
  }

  /** The field manager of a non-apply write: the parameter, else the user agent's product, as the real server. */
  static String manager(RecordedRequest request, ApiRequest req) {
    String manager = req.param("fieldManager");
    if (manager != null && !manager.isEmpty()) {
      return manager;
    }
    String agent = request.getHeader("User-Agent");
    if (agent == null || agent.isEmpty()) {
      return "unknown";
    }
    int slash = agent.indexOf('/');
    return slash > 0 ? agent.substring(0, slash) : agent;
  }

  static void requireName(ApiRequest req) {
    if (req.name() == null) {
      throw methodNotAllowed();
    }
  }

  static ApiException methodNotAllowed() {
    return new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested "
        + "resource", null, null, List.of());
  }

  static void checkKind(ResourceType type, JsonNode body) {
    String kind = body.path("kind").asText(type.kind());
    if (!kind.equals(type.kind())) {
      throw ApiException.badRequest("the API version in the data (" + body.path("apiVersion").asText()
          + ") does not match the expected API version (" + type.apiVersion() + ") or kind " + kind
          + " does not match " + type.kind());
    }
  }

  /** Optimistic concurrency: a write that names a resourceVersion must name the current one. */
  static void checkResourceVersion(ResourceType type, ObjectNode live, JsonNode candidate) {
    String wanted = candidate.path("metadata").path("resourceVersion").asText("");
    if (!wanted.isEmpty() && !wanted.equals(live.path("metadata").path("resourceVersion").asText())) {
      throw ApiException.conflict(type, live.path("metadata").path("name").asText());
    }
  }

  static boolean isDryRun(ApiRequest req) {
    return "All".equals(req.param("dryRun"));
  }
}
