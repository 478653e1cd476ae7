package io.exposedapp.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One routing rule of {@code spec.ingress.rules}: host and path to a port of the app. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngressRule(

    @JsonPropertyDescription("Host name to match, e.g. web.example.com or *.example.com. Optional; all hosts "
        + "when absent.")
    @Size(max = 253)
    @Pattern(HOST)
    String host,

    @JsonPropertyDescription("Path to match, starting with '/'. Optional; defaults to /.")
    @Pattern("^/.*$")
    String path,

    @JsonPropertyDescription("How the path matches: Prefix, Exact or ImplementationSpecific. Optional; defaults "
        + "to Prefix.")
    PathType pathType,

    @JsonPropertyDescription("Name of the spec.ports entry requests go to (a TCP port: an ALB speaks HTTP). "
        + "Required.")
    @Required
    String port) {

  /** A DNS-1123 subdomain, optionally with a leading wildcard label. */
  public static final String HOST =
      "^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  public String effectivePath() {
    return path == null || path.isEmpty() ? "/" : path;
  }

  public PathType effectivePathType() {
    return pathType == null ? PathType.Prefix : pathType;
  }

  /** Ingress path types. */
  public enum PathType {
    Prefix, Exact, ImplementationSpecific
  }
}
