package io.exposedapp.apiserver.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A REST path of the Kubernetes API taken apart: {@code /api/v1/namespaces/ns/services/web/status?watch=true}.
 *
 * <p>Only resource paths parse; discovery and OpenAPI paths are routed before this.
 */
public record ApiRequest(
    String group,
    String version,
    String namespace,
    String plural,
    String name,
    String subresource,
    Map<String, String> query) {

  /** Parses a resource path, or empty when the path is not of the resource form. */
  public static Optional<ApiRequest> parse(String uri) {
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    Map<String, String> query = parseQuery(q < 0 ? "" : uri.substring(q + 1));
    List<String> seg = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    String group;
    String version;
    int rest;
    if (seg.size() >= 3 && seg.get(0).equals("api")) {
      group = "";
      version = seg.get(1);
      rest = 2;
    } else if (seg.size() >= 4 && seg.get(0).equals("apis")) {
      group = seg.get(1);
      version = seg.get(2);
      rest = 3;
    } else {
      return Optional.empty();
    }
    List<String> r = seg.subList(rest, seg.size());
    // "namespaces/<ns>/<plural>..." is a namespaced path unless it addresses the Namespace object itself
    // ("namespaces/<name>" or "namespaces/<name>/status|finalize").
    if (r.size() >= 3 && r.get(0).equals("namespaces") && !isNamespaceSubresource(r)) {
      return Optional.of(new ApiRequest(group, version, r.get(1), r.get(2), at(r, 3), at(r, 4), query));
    }
    if (r.size() > 3) {
      return Optional.empty();
    }
    return Optional.of(new ApiRequest(group, version, null, r.get(0), at(r, 1), at(r, 2), query));
  }

  private static boolean isNamespaceSubresource(List<String> r) {
    return r.size() == 3 && (r.get(2).equals("status") || r.get(2).equals("finalize"));
  }

  private static String at(List<String> list, int i) {
    return i < list.size() ? list.get(i) : null;
  }

  public static Map<String, String> parseQuery(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      query.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return query;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  public String param(String key) {
    return query.get(key);
  }

  public boolean flag(String key) {
    String v = query.get(key);
    return v != null && (v.equals("true") || v.equals("1") || v.isEmpty());
  }

  public boolean isWatch() {
    return flag("watch");
  }

  public String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }
}
