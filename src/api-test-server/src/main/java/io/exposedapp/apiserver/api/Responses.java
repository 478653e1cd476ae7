package io.exposedapp.apiserver.api;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.mockwebserver.http.MockResponse;

/** The JSON answers every part of the server gives: objects, and Status objects for errors. */
public final class Responses {

  private Responses() {
  }

  public static MockResponse ok(JsonNode body) {
    return json(200, body);
  }

  public static MockResponse created(JsonNode body) {
    return json(201, body);
  }

  public static MockResponse json(int code, JsonNode body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }

  public static MockResponse error(ApiException e) {
    return json(e.code(), e.toStatus());
  }

  /** A path the server does not serve. */
  public static MockResponse notFoundPath() {
    return json(404, ApiException.status(404, "NotFound", "the server could not find the requested resource", null,
        null, List.of()));
  }

  /** The Status reason kube-apiserver gives with an HTTP status. */
  public static String reasonFor(int status) {
    return switch (status) {
      case 400 -> "BadRequest";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 409 -> "Conflict";
      case 410 -> "Expired";
      case 422 -> "Invalid";
      case 429 -> "TooManyRequests";
      case 503 -> "ServiceUnavailable";
      case 504 -> "Timeout";
      default -> "InternalError";
    };
  }
}
