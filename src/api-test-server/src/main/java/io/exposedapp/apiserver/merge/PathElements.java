package io.exposedapp.apiserver.merge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Path elements in their FieldsV1 spelling ({@code f:name}, {@code k:{"port":80}}, {@code v:"x"},
 * {@code i:0}) and the total order the real server serializes them in (structured-merge-diff's
 * {@code PathElement.Compare}): field names, then keys, then values, then indexes.
 *
 * <p>Using the serialized spelling as the identity keeps sets, FieldsV1 and conflict messages in
 * one vocabulary; keys are canonical because key fields are always written sorted by name.
 */
final class PathElements {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final Comparator<String> ORDER = PathElements::compare;

  private PathElements() {}

  static String field(String name) {
    return "f:" + name;
  }

  static String value(JsonNode v) {
    return "v:" + json(v);
  }

  /** A map-list item key; {@code keyFields} in any order, written sorted by field name. */
  static String key(Map<String, JsonNode> keyFields) {
    ObjectNode sorted = JsonNodeFactory.instance.objectNode();
    new TreeMap<>(keyFields).forEach(sorted::set);
    return "k:" + json(sorted);
  }

  static String index(int i) {
    return "i:" + i;
  }

  /** Re-spells a FieldsV1 key read from storage so that it matches the ones computed here. */
  static String canonical(String pe) {
    if (pe.startsWith("k:")) {
      ObjectNode parsed = (ObjectNode) parse(pe.substring(2));
      Map<String, JsonNode> fields = new TreeMap<>();
      parsed.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
      return key(fields);
    }
    if (pe.startsWith("v:")) {
      return value(parse(pe.substring(2)));
    }
    return pe;
  }

  /** The path in structured-merge-diff's string form, e.g. {@code .spec.ports[port=80,protocol="TCP"].name}. */
  static String describe(List<String> path) {
    StringBuilder sb = new StringBuilder();
    for (String pe : path) {
      String body = pe.substring(2);
      switch (pe.charAt(0)) {
        case 'f' -> sb.append('.').append(body);
        case 'k' -> {
          List<String> parts = new ArrayList<>();
          parse(body).fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + json(e.getValue())));
          sb.append('[').append(String.join(",", parts)).append(']');
        }
        case 'v' -> sb.append("[=").append(body).append(']');
        default -> sb.append('[').append(body).append(']');
      }
    }
    return sb.toString();
  }

  static int compare(String a, String b) {
    int ra = rank(a), rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    String x = a.substring(2), y = b.substring(2);
    return switch (a.charAt(0)) {
      case 'f' -> x.compareTo(y);
      case 'k' -> compareKeys(parse(x), parse(y));
      case 'v' -> compareValues(parse(x), parse(y));
      case 'i' -> Integer.compare(Integer.parseInt(x), Integer.parseInt(y));
      default -> x.compareTo(y);
    };
  }

  private static int rank(String pe) {
    return switch (pe.charAt(0)) {
      case 'f' -> 0;
      case 'k' -> 1;
      case 'v' -> 2;
      default -> 3;
    };
  }

  // Key field lists are compared field by field (name, then value), shorter first.
  private static int compareKeys(JsonNode a, JsonNode b) {
    Iterator<Map.Entry<String, JsonNode>> ia = a.fields(), ib = b.fields();
    while (ia.hasNext() && ib.hasNext()) {
      Map.Entry<String, JsonNode> ea = ia.next(), eb = ib.next();
      int c = ea.getKey().compareTo(eb.getKey());
      if (c != 0) {
        return c;
      }
      c = compareValues(ea.getValue(), eb.getValue());
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(ia.hasNext(), ib.hasNext());
  }

  // structured-merge-diff value.Compare: numbers < strings < booleans < lists < maps < null.
  static int compareValues(JsonNode a, JsonNode b) {
    int ta = typeRank(a), tb = typeRank(b);
    if (ta != tb) {
      return Integer.compare(ta, tb);
    }
    switch (ta) {
      case 0:
        return Double.compare(a.asDouble(), b.asDouble());
      case 1:
        return a.asText().compareTo(b.asText());
      case 2:
        return Boolean.compare(a.asBoolean(), b.asBoolean());
      case 3:
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
          int c = compareValues(a.get(i), b.get(i));
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(a.size(), b.size());
      case 4:
        return json(a).compareTo(json(b));
      default:
        return 0;
    }
  }

  private static int typeRank(JsonNode v) {
    if (v.isNumber()) {
      return 0;
    }
    if (v.isTextual()) {
      return 1;
    }
    if (v.isBoolean()) {
      return 2;
    }
    if (v.isArray()) {
      return 3;
    }
    if (v.isObject()) {
      return 4;
    }
    return 5;
  }

  static String json(JsonNode v) {
    try {
      return JSON.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new PatchException("invalid FieldsV1 path element: " + json);
    }
  }
}
