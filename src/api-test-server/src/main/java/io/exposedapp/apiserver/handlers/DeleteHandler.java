package io.exposedapp.apiserver.handlers;

import static io.exposedapp.apiserver.api.Responses.ok;

import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.exposedapp.apiserver.api.ApiException;
import io.exposedapp.apiserver.api.ApiRequest;
import io.exposedapp.apiserver.api.ResourceType;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * DELETE: one object (with uid and resourceVersion preconditions) or a collection by selectors; propagation
 * Background (the garbage collector takes the dependents) or Orphan.
 */
public final class DeleteHandler {

  private final GenericRegistry registry;

  public DeleteHandler(GenericRegistry registry) {
    this.registry = registry;
  }

  public MockResponse delete(RecordedRequest request, ApiRequest req, ResourceType type) {
    JsonNode options = request.getBody() == null || request.getBody().size() == 0
        ? JsonNodeFactory.instance.objectNode()
        : RequestBodies.parse(RequestBodies.raw(request), false);
    String propagation = req.param("propagationPolicy") != null ? req.param("propagationPolicy")
        : options.path("propagationPolicy").asText("Background");
    if (req.name() == null) {
      Predicate<JsonNode> filter = ReadHandler.selectors(req);
      synchronized (registry.store()) {
        for (ObjectNode o : registry.store().list(type.storeKey(), req.namespace())) {
          if (filter.test(o)) {
            registry.delete(req, type, o, propagation);
          }
        }
      }
      return ok(ApiException.status(200, null, null, null, null, List.of()));
    }
    synchronized (registry.store()) {
      ObjectNode live = registry.requireLive(req, type);
      JsonNode pre = options.path("preconditions");
      if (pre.has("uid") && !pre.get("uid").asText().equals(live.path("metadata").path("uid").asText())
          || pre.has("resourceVersion")
              && !pre.get("resourceVersion").asText().equals(live.path("metadata").path("resourceVersion").asText())) {
        throw ApiException.conflict(type, req.name());
      }
      return ok(registry.delete(req, type, live, propagation));
    }
  }
}
