package io.exposedapp.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

import io.exposedapp.testing.OperatorProcess;

/**
 * The jar the image runs ({@code target/exposedapp-operator.jar}, as the Dockerfile copies it) holds the operator and
 * its runtime dependencies only. The build keeps test servers out of the operator's dependencies (the enforcer rule in
 * src/operator/pom.xml); this checks the result, the jar itself. Runs after {@code package} (failsafe).
 */
class OperatorJarIT {

  /** The API test server, the embedded run, and the test servers and libraries only they use. */
  private static final List<String> TEST_ONLY = List.of("io/exposedapp/apiserver/", "io/exposedapp/embedded/",
      "io/fabric8/mockwebserver/", "io/fabric8/kubernetes/client/server/mock/", "io/fabric8/kubeapitest/",
      "com/jayway/jsonpath/");

  @Test
  void theImagesJarHoldsTheOperatorAndNoApiTestServerClass() throws IOException {
    List<String> entries;
    try (JarFile jar = new JarFile(OperatorProcess.JAR.toFile())) {
      entries = jar.stream().map(ZipEntry::getName).toList();
    }

    assertThat(entries).as("the operator").contains("io/exposedapp/Main.class",
        "io/exposedapp/reconciler/ExposedAppReconciler.class", "io/javaoperatorsdk/operator/Operator.class");
    assertThat(entries).as("entries of the API test server or another test-only part")
        .filteredOn(name -> TEST_ONLY.stream().anyMatch(name::startsWith)).isEmpty();
  }
}
