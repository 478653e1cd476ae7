package io.exposedapp.apiserver.api;

import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A request the server refuses, carrying the {@code Status} body the real API server answers with. */
public final class ApiException extends RuntimeException {

  /** One entry of {@code details.causes}. */
  public record Cause(String reason, String message, String field) {
  }

  private final int code;
  private final String reason;
  private final String name;
  private final String detailsKind;
  private final List<Cause> causes;
  private final String detailsGroup;

  public ApiException(int code, String reason, String message, String name, String detailsKind, List<Cause> causes) {
    this(code, reason, message, name, detailsKind, causes, null);
  }

  public ApiException(int code, String reason, String message, String name, String detailsKind, List<Cause> causes,
      String detailsGroup) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.name = name;
    this.detailsKind = detailsKind;
    this.causes = List.copyOf(causes);
    this.detailsGroup = detailsGroup;
  }

  public static ApiException notFound(ResourceType type, String name) {
    return new ApiException(404, "NotFound", resource(type) + " \"" + name + "\" not found", name, type.plural(),
        List.of());
  }

  public static ApiException alreadyExists(ResourceType type, String name) {
    return new ApiException(409, "AlreadyExists", resource(type) + " \"" + name + "\" already exists", name,
        type.plural(), List.of());
  }

  public static ApiException conflict(ResourceType type, String name) {
    return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + resource(type) + " \"" + name
        + "\": the object has been modified; please apply your changes to the latest version and try again", name,
        type.plural(), List.of());
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "BadRequest", message, null, null, List.of());
  }

  public static ApiException unsupportedMediaType(String contentType) {
    return new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format ("
        + contentType + ") - accepted media types include: application/json, application/yaml, "
        + "application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json "
        + "(built-in kinds), application/apply-patch+yaml", null, null, List.of());
  }

  /** HTTP 422 as the real server words it: {@code Kind "name" is invalid: field: message}. */
  public static ApiException invalid(ResourceType type, String name, List<Cause> causes) {
    // kinds outside the core group are qualified with it, as the real server words it: ExposedApp.exposedapp.io "x",
    // but Service "x"; Ingress is still qualified with the group its registry had first (1.26: Ingress.extensions "x")
    String group = type.plural().equals("ingresses") ? "extensions" : type.group();
    String kind = group.isEmpty() ? type.kind() : type.kind() + "." + group;
    StringBuilder message = new StringBuilder(kind + " \"" + name + "\" is invalid: ");
    if (causes.size() > 1) {
      message.append('[');
    }
    for (int i = 0; i < causes.size(); i++) {
      message.append(i > 0 ? ", " : "").append(causes.get(i).field()).append(": ").append(causes.get(i).message());
    }
    if (causes.size() > 1) {
      message.append(']');
    }
    return new ApiException(422, "Invalid", message.toString(), name, type.kind(), causes);
  }

  public int code() {
    return code;
  }

  /** The {@code meta.k8s.io/v1 Status} body. */
  public ObjectNode toStatus() {
    ObjectNode status = status(code, reason, getMessage(), name, detailsKind, causes);
    if (detailsGroup != null) {
      ObjectNode details = status.has("details") ? (ObjectNode) status.get("details") : status.putObject("details");
      details.put("group", detailsGroup);
    }
    return status;
  }

  /** HTTP 403 as the real server words it: {@code resource "name" is forbidden: why}. */
  public static ApiException forbidden(String group, String resource, String name, String why) {
    String qualified = group.isEmpty() ? resource : resource + "." + group;
    String message = (name == null ? qualified : qualified + " \"" + name + "\"") + " is forbidden: " + why;
    return new ApiException(403, "Forbidden", message, name, resource, List.of(), group);
  }

  public static ObjectNode status(int code, String reason, String message, String name, String detailsKind,
      List<Cause> causes) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode s = f.objectNode();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    s.set("metadata", f.objectNode());
    s.put("status", code < 400 ? "Success" : "Failure");
    s.put("message", message);
    s.put("reason", reason);
    if (name != null || detailsKind != null || !causes.isEmpty()) {
      ObjectNode details = s.putObject("details");
      if (name != null) {
        details.put("name", name);
      }
      if (detailsKind != null) {
        details.put("kind", detailsKind);
      }
      if (!causes.isEmpty()) {
        var array = details.putArray("causes");
        for (Cause c : causes) {
          ObjectNode n = array.addObject();
          n.put("reason", c.reason());
          n.put("message", c.message());
          n.put("field", c.field());
        }
      }
    }
    s.put("code", code);
    return s;
  }

  private static String resource(ResourceType type) {
    return type.group().isEmpty() ? type.plural() : type.plural() + "." + type.group();
  }
}
