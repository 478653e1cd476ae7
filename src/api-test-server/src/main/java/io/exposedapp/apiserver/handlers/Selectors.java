package io.exposedapp.apiserver.handlers;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Label and field selectors as the API server evaluates them ({@code a=b}, {@code a!=b}, {@code a in (x,y)},
 * {@code a notin (x)}, {@code a}, {@code !a}).
 */
public final class Selectors {

  private Selectors() {
  }

  /** A predicate over an object's labels; an empty or absent selector matches everything. */
  static Predicate<JsonNode> labels(String selector) {
    if (selector == null || selector.isBlank()) {
      return o -> true;
    }
    List<Predicate<JsonNode>> terms = new ArrayList<>();
    for (String term : splitTerms(selector)) {
      terms.add(labelTerm(term.trim()));
    }
    return o -> terms.stream().allMatch(t -> t.test(o.path("metadata").path("labels")));
  }

  /**
   * A predicate over arbitrary dotted fields ({@code metadata.name=x}, {@code involvedObject.uid=...}); the real
   * server supports a per-kind subset, this one accepts any path, which is a superset.
   */
  static Predicate<JsonNode> fields(String selector) {
    if (selector == null || selector.isBlank()) {
      return o -> true;
    }
    List<Predicate<JsonNode>> terms = new ArrayList<>();
    for (String term : selector.split(",")) {
      boolean negated = term.contains("!=");
      String[] kv = term.split(negated ? "!=" : "==?", 2);
      String[] path = kv[0].trim().split("\\.");
      String expected = kv.length > 1 ? kv[1].trim() : "";
      terms.add(o -> {
        JsonNode n = o;
        for (String p : path) {
          n = n.path(p);
        }
        String actual = n.isMissingNode() || n.isNull() ? "" : n.asText();
        return negated != actual.equals(expected);
      });
    }
    return o -> terms.stream().allMatch(t -> t.test(o));
  }

  /** Splits on commas that are not inside a {@code (..)} value set. */
  private static List<String> splitTerms(String selector) {
    List<String> terms = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        terms.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(selector.substring(start));
    return terms;
  }

  private static Predicate<JsonNode> labelTerm(String term) {
    String[] words = term.split("\\s+", 3);
    if (words.length == 3 && (words[1].equals("in") || words[1].equals("notin"))) {
      String key = words[0];
      Set<String> values = Set.of(words[2].replaceAll("[()\\s]", "").split(","));
      boolean in = words[1].equals("in");
      return labels -> {
        JsonNode v = labels.get(key);
        return in ? v != null && values.contains(v.asText()) : v == null || !values.contains(v.asText());
      };
    }
    if (term.contains("!=")) {
      String[] kv = term.split("!=", 2);
      return labels -> !kv[1].trim().equals(labels.path(kv[0].trim()).asText(null));
    }
    if (term.contains("=")) {
      String[] kv = term.split("==?", 2);
      return labels -> kv[1].trim().equals(labels.path(kv[0].trim()).asText(null));
    }
    if (term.startsWith("!")) {
      String key = term.substring(1).trim();
      return labels -> !labels.has(key);
    }
    return labels -> labels.has(term);
  }
}
