package io.exposedapp.apiserver.kubectl;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.exposedapp.apiserver.api.ApiException;
import io.exposedapp.apiserver.api.ApiRequest;
import io.exposedapp.apiserver.api.ResourceType;
import io.exposedapp.apiserver.api.Responses;
import io.exposedapp.apiserver.storage.ResourceTypes;

/**
 * The non-resource endpoints kubectl relies on (version, health, legacy discovery, OpenAPI v3) and the Table
 * rendering of {@code kubectl get}.
 */
public final class KubectlSupport {

  private final ResourceTypes types;
  private final Clock clock;

  public KubectlSupport(ResourceTypes types, Clock clock) {
    this.types = types;
    this.clock = clock;
  }

  /** Answers non-resource requests; empty for resource paths. */
  public Optional<MockResponse> handle(RecordedRequest request) {
    if (!request.getMethod().equals("GET")) {
      return Optional.empty();
    }
    String path = request.getPath();
    int q = path.indexOf('?');
    String bare = stripTrailingSlash(q < 0 ? path : path.substring(0, q));
    if (bare.equals("/version")) {
      ObjectNode v = JsonNodeFactory.instance.objectNode();
      v.put("major", "1");
      v.put("minor", "32");
      v.put("gitVersion", "v1.32.0");
      v.put("platform", "linux/amd64");
      return Optional.of(Responses.ok(v));
    }
    if (bare.equals("/healthz") || bare.equals("/livez") || bare.equals("/readyz")) {
      return Optional.of(new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain")
          .setBody("ok"));
    }
    // Legacy discovery only: kubectl asks for aggregated discovery first and falls back when the answer is plain JSON.
    if (bare.equals("/api")) {
      return Optional.of(Responses.ok(Discovery.coreVersions()));
    }
    if (bare.equals("/apis")) {
      return Optional.of(Responses.ok(Discovery.groupList(types.all())));
    }
    String[] seg = bare.split("/");
    if (bare.startsWith("/api/") && seg.length == 3 || bare.startsWith("/apis/") && seg.length == 4) {
      String groupVersion = bare.substring(bare.indexOf('/', 1) + 1);
      return Optional.of(Discovery.resourceList(groupVersion, types.all()).map(Responses::ok)
          .orElseGet(KubectlSupport::notFound));
    }
    if (bare.equals("/openapi/v3")) {
      return Optional.of(Responses.ok(OpenApiV3.index(types.all())));
    }
    if (bare.startsWith("/openapi/v3/")) {
      return Optional.of(OpenApiV3.document(bare.substring("/openapi/v3/".length()), types.all())
          .map(Responses::ok).orElseGet(KubectlSupport::notFound));
    }
    if (bare.startsWith("/openapi/v2")) {
      // kubectl tolerates a missing v2 document and then uses its compiled-in types
      return Optional.of(notFound());
    }
    return Optional.empty();
  }

  public boolean wantsTable(RecordedRequest request) {
    return Tables.wantsTable(request.getHeader("Accept"));
  }

  /** A Table of the objects, as {@code kubectl get} asks for. */
  public JsonNode table(ResourceType type, List<ObjectNode> objects, String resourceVersion, ApiRequest req) {
    String rv = resourceVersion != null ? resourceVersion
        : objects.isEmpty() ? "" : objects.get(0).path("metadata").path("resourceVersion").asText();
    return Tables.table(type, List.copyOf(objects), rv, includeObject(req), Instant.now(clock));
  }

  /**
   * How a Table watch renders each event's object: a one-row Table, with column definitions on the first event of
   * the stream only, as the real server does.
   */
  public Function<ObjectNode, JsonNode> tableWatchRenderer(ResourceType type, ApiRequest req) {
    AtomicBoolean first = new AtomicBoolean(true);
    Tables.IncludeObject include = includeObject(req);
    return o -> Tables.tableWatchEvent(type, "", o, first.getAndSet(false), include, Instant.now(clock))
        .get("object");
  }

  private static Tables.IncludeObject includeObject(ApiRequest req) {
    try {
      return Tables.IncludeObject.fromParam(req.param("includeObject"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static String stripTrailingSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static MockResponse notFound() {
    return Responses.json(404, ApiException.status(404, "NotFound", "the server could not find the requested "
        + "resource", null, null, List.of()));
  }
}
