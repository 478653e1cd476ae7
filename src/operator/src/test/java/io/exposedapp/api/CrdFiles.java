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
  /** The NodePortPool CRD's file. */
  static final String POOLS_FILE_NAME = "nodeportpools.exposedapp.io-v1.yml";
  /** Every CRD the build generates, by file name. */
  static final java.util.List<String> ALL = java.util.List.of(FILE_NAME, POOLS_FILE_NAME);
  static final Path COMMITTED = committed(FILE_NAME);
  static final Path GENERATED = generated(FILE_NAME);
  static final String REGENERATE = "mvn -q -B process-classes && cp " + GENERATED.getParent() + "/*.yml crds/";

  static Path committed(String fileName) {
    return Path.of("crds", fileName);
  }

  static Path generated(String fileName) {
    return Path.of("src", "operator", "target", "classes", "META-INF", "fabric8", fileName);
  }

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
