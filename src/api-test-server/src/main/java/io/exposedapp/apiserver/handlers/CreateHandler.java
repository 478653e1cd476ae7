package io.exposedapp.apiserver.handlers;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.exposedapp.apiserver.api.ApiRequest;
import io.exposedapp.apiserver.api.ResourceType;
import io.exposedapp.apiserver.auth.Rbac;
import io.exposedapp.apiserver.merge.ServerSideApply;
import io.fabric8.mockwebserver.http.RecordedRequest;

/** POST: a new object; or, for the authorization group, a review answered from RBAC and never stored. */
public final class CreateHandler {

  private final GenericRegistry registry;
  private final Rbac rbac;

  public CreateHandler(GenericRegistry registry, Rbac rbac) {
    this.registry = registry;
    this.rbac = rbac;
  }

  public ObjectNode create(RecordedRequest request, ApiRequest req, ResourceType type, Rbac.User user) {
    if (req.name() != null) {
      throw RequestBodies.methodNotAllowed();
    }
    ObjectNode body = RequestBodies.body(request);
    if (type.group().equals("authorization.k8s.io")) {
      return review(type, body, user);
    }
    synchronized (registry.store()) {
      ObjectNode object = registry.prepareNew(req, type, body);
      ObjectNode recorded = ServerSideApply.recordUpdate(null, object, RequestBodies.manager(request, req), "Update",
          type.apiVersion(), registry.now(), "", GenericRegistry.schema(type));
      return registry.create(req, type, recorded);
    }
  }

  /** The body of a create, e.g. of a TokenRequest (a subresource the chain routes to the authenticator). */
  public ObjectNode body(RecordedRequest request) {
    return RequestBodies.body(request);
  }

  /**
   * Answers a self-subject review (what JOSDK asks before leader election) for the user the request authenticated
   * as, from the RBAC objects in the store. Reviews are not stored, as on the real server.
   */
  private ObjectNode review(ResourceType type, ObjectNode body, Rbac.User user) {
    ObjectNode answer = body.deepCopy();
    answer.put("apiVersion", type.apiVersion());
    answer.put("kind", type.kind());
    answer.set("status", type.kind().equals("SelfSubjectAccessReview") ? rbac.accessReview(user, body.path("spec"))
        : rbac.rulesReview(user, body.path("spec").path("namespace").asText(null)));
    return answer;
  }
}
