package io.exposedapp.apiserver.handlers;

import static io.exposedapp.apiserver.api.Responses.created;
import static io.exposedapp.apiserver.api.Responses.ok;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.exposedapp.apiserver.api.ApiException;
import io.exposedapp.apiserver.api.ApiRequest;
import io.exposedapp.apiserver.api.ResourceType;
import io.exposedapp.apiserver.merge.ApplyConflictException;
import io.exposedapp.apiserver.merge.MergePatch;
import io.exposedapp.apiserver.merge.ServerSideApply;
import io.exposedapp.apiserver.merge.StrategicMergePatch;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;

/**
 * PATCH, by its content type: JSON patch, JSON merge patch, strategic merge patch (built-in kinds), and server-side
 * apply, which may create the object.
 */
public final class PatchHandler {

  private final GenericRegistry registry;

  public PatchHandler(GenericRegistry registry) {
    this.registry = registry;
  }

  /**
   * @param authorizeCreate run before an apply creates the object: kube-apiserver authorizes that as create too
   */
  public MockResponse patch(RecordedRequest request, ApiRequest req, ResourceType type, Runnable authorizeCreate) {
    RequestBodies.requireName(req);
    String contentType = String.valueOf(request.getHeader("Content-Type"));
    if (contentType.startsWith("application/apply-patch")) {
      return apply(request, req, type, authorizeCreate);
    }
    JsonNode patch = RequestBodies.parse(RequestBodies.raw(request), false);
    synchronized (registry.store()) {
      ObjectNode live = registry.requireLive(req, type);
      JsonNode patched;
      if (contentType.startsWith("application/json-patch+json")) {
        patched = JsonPatch.apply(patch, live);
      } else if (contentType.startsWith("application/merge-patch+json")) {
        patched = MergePatch.apply(live, patch);
      } else if (contentType.startsWith("application/strategic-merge-patch+json") && !type.isCustom()) {
        patched = StrategicMergePatch.apply(live, RequestBodies.asObject(patch), GenericRegistry.schema(type));
      } else {
        throw ApiException.unsupportedMediaType(contentType);
      }
      ObjectNode candidate = RequestBodies.asObject(patched);
      RequestBodies.checkResourceVersion(type, live, candidate);
      return ok(registry.update(req, type, live, candidate, RequestBodies.manager(request, req)));
    }
  }

  private MockResponse apply(RecordedRequest request, ApiRequest req, ResourceType type, Runnable authorizeCreate) {
    ObjectNode body = RequestBodies.body(request);
    String manager = req.param("fieldManager");
    if (manager == null || manager.isEmpty()) {
      throw ApiException.badRequest("PATCH request with apply-patch content type must specify a fieldManager");
    }
    synchronized (registry.store()) {
      ObjectNode live = registry.store().get(type.storeKey(), req.namespace(), req.name());
      if (live == null && req.subresource() != null) {
        throw ApiException.notFound(type, req.name());
      }
      if (live != null) {
        RequestBodies.checkResourceVersion(type, live, body);
      }
      RequestBodies.checkKind(type, body);
      String subresource = req.subresource() == null ? "" : req.subresource();
      ServerSideApply.Result result;
      try {
        result = ServerSideApply.apply(live, body, new ServerSideApply.ApplyRequest(manager, req.flag("force"),
            subresource, type.statusSubresource(), type.apiVersion(), registry.now(), GenericRegistry.schema(type)));
      } catch (ApplyConflictException e) {
        throw conflict(type, req.name(), e);
      }
      if (live == null) {
        authorizeCreate.run();
        ObjectNode object = registry.prepareNew(req, type, result.object());
        RequestBodies.metadata(object).set("managedFields", result.object().path("metadata").path("managedFields"));
        return created(registry.create(req, type, object));
      }
      if (!result.changed()) {
        return ok(live);
      }
      return ok(registry.update(req, type, live, result.object(), null));
    }
  }

  private static ApiException conflict(ResourceType type, String name, ApplyConflictException e) {
    List<ApiException.Cause> causes = e.conflicts().stream()
        .map(c -> new ApiException.Cause("FieldManagerConflict", c.message(), c.field()))
        .toList();
    return new ApiException(409, "Conflict", e.getMessage(), name, type.plural(), causes);
  }
}
