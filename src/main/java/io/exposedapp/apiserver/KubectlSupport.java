package io.exposedapp.apiserver;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/** The non-resource endpoints (version, health, discovery, OpenAPI) and Table rendering that kubectl relies on. */
final class KubectlSupport {

  private final ResourceTypes types;
  private final Clock clock;

  KubectlSupport(ResourceTypes types, Clock clock) {
    this.types = types;
    this.clock = clock;
  }

  /** Answers non-resource requests; empty for resource paths. */
  Optional<MockResponse> handle(RecordedRequest request) {
    String path = request.getPath();
    int q = path.indexOf('?');
    String bare = q < 0 ? path : path.substring(0, q);
    if (bare.equals("/version")) {
      ObjectNode v = JsonNodeFactory.instance.objectNode();
      v.put("major", "1");
      v.put("minor", "32");
      v.put("gitVersion", "v1.32.0");
      v.put("platform", "linux/amd64");
      return Optional.of(ApiDispatcher.ok(v));
    }
    if (bare.equals("/healthz") || bare.equals("/livez") || bare.equals("/readyz")) {
      return Optional.of(new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain")
          .setBody("ok"));
    }
    return Optional.empty();
  }

  boolean wantsTable(RecordedRequest request) {
    return false;
  }

  JsonNode table(ResourceType type, List<ObjectNode> objects, String resourceVersion, ApiRequest req) {
    throw new UnsupportedOperationException("Table rendering is not wired yet");
  }
}
