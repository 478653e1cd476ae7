package io.exposedapp.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The copies the spec records keep of their collections: unmodifiable, in the given order, and null where the field
 * was left out (the API keeps "unset" apart from "empty", so these are not {@code List.copyOf}).
 */
final class Unmodifiable {

  private Unmodifiable() {
  }

  static <T> List<T> copyOf(List<T> list) {
    return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
  }

  static Map<String, String> copyOf(Map<String, String> map) {
    return map == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
