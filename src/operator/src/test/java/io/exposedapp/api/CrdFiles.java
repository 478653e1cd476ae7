package io.exposedapp.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Locations of the committed and the generated CRD, relative to the repository root (the working directory of the operator's tests). */
final class CrdFiles {

  static final String FILE_NAME = "exposedapps.exposedapp.io-v1.yml";
  static final Path COMMITTED = Path.of("crds", FILE_NAME);
  static final Path GENERATED = Path.of("src", "operator", "target", "classes", "META-INF", "fabric8", FILE_NAME);
  static final String REGENERATE = "mvn -q -B process-classes && cp " + GENERATED + " " + COMMITTED;

  private CrdFiles() {
  }

  static String read(Path path) {
    try {
      return Files.readString(path).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode tree(Path path) {
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(read(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
