package io.exposedapp.lbc;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The AWS Load Balancer Controller's annotation value formats (pkg/annotations/parser.go), both ways: a stringList
 * is {@code a,b}, a stringMap {@code k=v,k2=v2}; the controller trims each item and drops empty ones. Written without
 * spaces and, for maps, sorted by key, so that a value does not depend on the spec's order; never an empty value (to
 * the controller an empty value is a value, not "use the default").
 */
public final class AnnotationFormats {

  private AnnotationFormats() {
  }

  /** A stringList, blank entries dropped; null for none. */
  public static String stringList(List<String> values) {
    return values == null ? null : values.stream().filter(v -> !isBlank(v)).collect(Collectors.joining(","));
  }

  /** A stringMap sorted by key, blank keys dropped; null for none. */
  public static String stringMap(Map<String, String> map) {
    if (map == null) {
      return null;
    }
    return new TreeMap<>(map).entrySet().stream()
        .filter(e -> !isBlank(e.getKey()))
        .map(e -> e.getKey() + "=" + Objects.requireNonNullElse(e.getValue(), ""))
        .collect(Collectors.joining(","));
  }

  /** A stringList read as the controller reads it: items trimmed, empty ones dropped; null for null. */
  public static List<String> parseList(String value) {
    return value == null ? null : Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty())
        .toList();
  }

  /** A stringMap read as the controller reads it, sorted by key (a pair without '=' is a key with an empty value). */
  public static Map<String, String> parseMap(String value) {
    if (value == null) {
      return null;
    }
    Map<String, String> map = new TreeMap<>();
    for (String pair : value.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      map.put(eq < 0 ? pair.strip() : pair.substring(0, eq).strip(), eq < 0 ? "" : pair.substring(eq + 1).strip());
    }
    return map;
  }

  /** Null, empty or only white space: not written. */
  public static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
