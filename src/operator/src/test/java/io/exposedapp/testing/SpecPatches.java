package io.exposedapp.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppSpec;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Lint tables' rows: a valid fixture's spec with one JSON merge patch (RFC 7386) applied. */
public final class SpecPatches {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private SpecPatches() {
  }

  /** The spec of the ExposedApp in {@code fixture}, with {@code patch} (YAML flow or JSON) merged into it. */
  public static ExposedAppSpec spec(Path fixture, String patch) throws IOException {
    ObjectNode app = (ObjectNode) YAML.readTree(Files.readString(fixture));
    merge((ObjectNode) app.get("spec"), YAML.readTree(patch));
    return Serialization.unmarshal(YAML.writeValueAsString(app), ExposedApp.class).getSpec();
  }

  private static void merge(ObjectNode target, JsonNode patch) {
    patch.fields().forEachRemaining(e -> {
      if (e.getValue().isNull()) {
        target.remove(e.getKey());
      } else if (e.getValue().isObject() && target.get(e.getKey()) instanceof ObjectNode child) {
        merge(child, e.getValue());
      } else {
        target.set(e.getKey(), e.getValue());
      }
    });
  }
}
