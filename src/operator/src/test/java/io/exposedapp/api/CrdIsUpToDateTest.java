package io.exposedapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

/** The committed CRD must be exactly what the build generated from the Java model. */
class CrdIsUpToDateTest {

  @Test
  void committedCrdEqualsGeneratedCrd() {
    assertThat(Files.isRegularFile(CrdFiles.GENERATED))
        .as("%s was not generated; the crd-generator-maven-plugin runs in process-classes: %s",
            CrdFiles.GENERATED, CrdFiles.REGENERATE)
        .isTrue();
    assertThat(Files.isRegularFile(CrdFiles.COMMITTED))
        .as("%s is missing; create it with: %s", CrdFiles.COMMITTED, CrdFiles.REGENERATE)
        .isTrue();
    assertThat(CrdFiles.read(CrdFiles.COMMITTED))
        .as("%s is out of date with the model in io.exposedapp.api; regenerate and commit it with: %s",
            CrdFiles.COMMITTED, CrdFiles.REGENERATE)
        .isEqualTo(CrdFiles.read(CrdFiles.GENERATED));
  }
}
