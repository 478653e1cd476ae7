package io.exposedapp.apiserver.handlers;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.exposedapp.apiserver.api.ApiRequest;
import io.exposedapp.apiserver.api.ResourceType;
import io.fabric8.mockwebserver.http.RecordedRequest;

/** PUT: the whole object replaced, with optimistic concurrency on its resourceVersion. */
public final class UpdateHandler {

  private final GenericRegistry registry;

  public UpdateHandler(GenericRegistry registry) {
    this.registry = registry;
  }

  public ObjectNode update(RecordedRequest request, ApiRequest req, ResourceType type) {
    RequestBodies.requireName(req);
    ObjectNode body = RequestBodies.body(request);
    synchronized (registry.store()) {
      ObjectNode live = registry.requireLive(req, type);
      RequestBodies.checkKind(type, body);
      RequestBodies.checkResourceVersion(type, live, body);
      ObjectNode candidate = body.deepCopy();
      if (!candidate.path("metadata").has("managedFields")) {
        RequestBodies.metadata(candidate).set("managedFields", live.path("metadata").path("managedFields").deepCopy());
      }
      return registry.update(req, type, live, candidate, RequestBodies.manager(request, req));
    }
  }
}
