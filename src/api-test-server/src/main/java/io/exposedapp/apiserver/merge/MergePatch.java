package io.exposedapp.apiserver.merge;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON merge patch (RFC 7386, {@code application/merge-patch+json}): what {@code kubectl patch
 * --type merge} and the patch verb of custom resources use.
 */
public final class MergePatch {
  private MergePatch() {}

  /**
   * Applies {@code patch} to {@code target} exactly as RFC 7386 section 2 describes. Neither input
   * is mutated; {@code target} may be {@code null} (treated as absent).
   */
  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (patch == null || !patch.isObject()) {
      // A non-object patch (array, scalar, null) replaces the target whole.
      return patch == null ? null : patch.deepCopy();
    }
    ObjectNode result =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        result.remove(e.getKey());
      } else {
        result.set(e.getKey(), apply(result.get(e.getKey()), e.getValue()));
      }
    }
    return result;
  }
}
