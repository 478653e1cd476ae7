package io.exposedapp.apiserver.pipeline;

import static io.exposedapp.apiserver.api.Responses.created;
import static io.exposedapp.apiserver.api.Responses.json;
import static io.exposedapp.apiserver.api.Responses.ok;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.exposedapp.apiserver.api.ApiException;
import io.exposedapp.apiserver.api.ApiRequest;
import io.exposedapp.apiserver.api.ResourceType;
import io.exposedapp.apiserver.api.Responses;
import io.exposedapp.apiserver.auth.Rbac;
import io.exposedapp.apiserver.auth.ServiceAccountTokens;
import io.exposedapp.apiserver.handlers.CreateHandler;
import io.exposedapp.apiserver.handlers.DeleteHandler;
import io.exposedapp.apiserver.handlers.PatchHandler;
import io.exposedapp.apiserver.handlers.ReadHandler;
import io.exposedapp.apiserver.handlers.UpdateHandler;
import io.exposedapp.apiserver.kubectl.KubectlSupport;
import io.exposedapp.apiserver.merge.PatchException;
import io.exposedapp.apiserver.storage.ResourceTypes;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatchException;

/**
 * kube-apiserver's handler chain, in its order: authentication (bearer tokens from the TokenRequest API, or none: the
 * administrator), authorization (RBAC), the non-resource endpoints kubectl reads (discovery, OpenAPI), then the
 * resource's handler for the verb. Every failure becomes a Status answer; nothing here blocks (requests are served on
 * the web server's event-loop threads, and every store operation is short and in memory).
 */
public final class HandlerChain {

  private static final Logger log = LoggerFactory.getLogger(HandlerChain.class);

  /** The verb handlers a resource request is routed to. */
  public record Handlers(ReadHandler read, CreateHandler create, UpdateHandler update, PatchHandler patch,
      DeleteHandler delete) {
  }

  private final ServiceAccountTokens tokens;
  private final Rbac rbac;
  private final KubectlSupport kubectl;
  private final ResourceTypes types;
  private final Handlers handlers;

  public HandlerChain(ServiceAccountTokens tokens, Rbac rbac, KubectlSupport kubectl, ResourceTypes types,
      Handlers handlers) {
    this.tokens = tokens;
    this.rbac = rbac;
    this.kubectl = kubectl;
    this.types = types;
    this.handlers = handlers;
  }

  public MockResponse handle(RecordedRequest request) {
    String method = request.getMethod();
    String uri = request.getPath();
    try {
      Rbac.User user = tokens.authenticate(request.getHeader("Authorization"))
          .orElseThrow(ServiceAccountTokens::unauthorized);
      Optional<ApiRequest> parsed = ApiRequest.parse(uri);
      Rbac.Attributes attributes = Rbac.Attributes.of(method, uri, parsed);
      if (!rbac.allows(user, attributes)) {
        throw Rbac.forbidden(user, attributes);
      }
      Optional<MockResponse> meta = kubectl.handle(request);
      if (meta.isPresent()) {
        return meta.get();
      }
      if (parsed.isEmpty()) {
        return Responses.notFoundPath();
      }
      ApiRequest req = parsed.get();
      Optional<ResourceType> type = types.find(req.group(), req.version(), req.plural());
      if (type.isEmpty() || (req.subresource() != null && !isKnownSubresource(type.get(), req.subresource()))) {
        return Responses.notFoundPath();
      }
      return route(request, method, req, type.get(), user, attributes);
    } catch (ApiException e) {
      return Responses.error(e);
    } catch (PatchException | JsonPatchException e) {
      return json(422, ApiException.status(422, "Invalid", e.getMessage(), null, null, List.of()));
    } catch (RuntimeException e) {
      log.warn("API test server failed on {} {}", method, uri, e);
      return json(500, ApiException.status(500, "InternalError", "Internal error occurred: " + e, null, null,
          List.of()));
    }
  }

  private MockResponse route(RecordedRequest request, String method, ApiRequest req, ResourceType type,
      Rbac.User user, Rbac.Attributes attributes) {
    if (method.equals("POST") && "token".equals(req.subresource())) {
      return created(tokens.issue(type, req.namespace(), req.name(), handlers.create().body(request)));
    }
    return switch (method) {
      case "GET" -> handlers.read().get(request, req, type);
      case "POST" -> created(handlers.create().create(request, req, type, user));
      case "PUT" -> ok(handlers.update().update(request, req, type));
      case "PATCH" -> handlers.patch().patch(request, req, type, () -> {
        if (!rbac.allows(user, attributes.withVerb("create"))) {
          throw Rbac.forbidden(user, attributes.withVerb("create"));
        }
      });
      case "DELETE" -> handlers.delete().delete(request, req, type);
      default -> json(405, ApiException.status(405, "MethodNotAllowed", "method not allowed", null, null,
          List.of()));
    };
  }

  private static boolean isKnownSubresource(ResourceType type, String subresource) {
    return subresource.equals("status") && type.statusSubresource()
        || subresource.equals("finalize") && type.plural().equals("namespaces")
        || subresource.equals("token") && type.group().isEmpty() && type.plural().equals("serviceaccounts");
  }
}
