package io.exposedapp.apiserver.merge;
import java.util.*;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
// PLACEHOLDER until helper delivers
public final class MergePatch {
  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) return patch.deepCopy();
    ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    patch.fields().forEachRemaining(e -> { if (e.getValue().isNull()) result.remove(e.getKey()); else result.set(e.getKey(), apply(result.get(e.getKey()), e.getValue())); });
    return result;
  }
}
