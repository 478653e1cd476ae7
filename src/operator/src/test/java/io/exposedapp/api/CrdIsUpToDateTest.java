package io.exposedapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Each committed CRD must be exactly what the build generated from the Java model. */
class CrdIsUpToDateTest {

  static final java.util.List<String> CRDS = CrdFiles.ALL;

  @ParameterizedTest
  @FieldSource("CRDS")
  void committedCrdEqualsGeneratedCrd(String fileName) {
    Path generated = CrdFiles.generated(fileName);
    Path committed = CrdFiles.committed(fileName);
    assertThat(Files.isRegularFile(generated))
        .as("%s was not generated; the crd-generator-maven-plugin runs in process-classes: %s",
            generated, CrdFiles.REGENERATE)
        .isTrue();
    assertThat(Files.isRegularFile(committed))
        .as("%s is missing; create it with: %s", committed, CrdFiles.REGENERATE)
        .isTrue();
    assertThat(CrdFiles.read(committed))
        .as("%s is out of date with the model in io.exposedapp.api; regenerate and commit it with: %s",
            committed, CrdFiles.REGENERATE)
        .isEqualTo(CrdFiles.read(generated));
  }
}
