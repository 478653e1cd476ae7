package io.exposedapp.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One rule of {@code spec.gateway.rules}: a path to a port of the app (an HTTPRoute rule with one match). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatewayRule(

    @JsonPropertyDescription("Path to match, starting with '/'. Optional; defaults to /.")
    @Size(max = 1024)
    @Pattern("^/.*$")
    String path,

    @JsonPropertyDescription("How the path matches (Gateway API HTTPPathMatch): PathPrefix or Exact. Optional; "
        + "defaults to PathPrefix.")
    PathType pathType,

    @JsonPropertyDescription("Name of the spec.ports entry requests go to (a TCP port: an ALB speaks HTTP). "
        + "Required.")
    @Required
    String port) {

  public String effectivePath() {
    return path == null || path.isEmpty() ? "/" : path;
  }

  public PathType effectivePathType() {
    return pathType == null ? PathType.PathPrefix : pathType;
  }

  /** Gateway API path match types the AWS Load Balancer Controller supports for an ALB. */
  public enum PathType {
    PathPrefix, Exact
  }
}
