package io.exposedapp.apiserver;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The module has the shape of the server it imitates (docs/development.md, "Code map"): each part uses only the parts
 * below it, in the order a request passes them, and no class grows past what a reader takes in at once.
 */
class ArchitectureTest {

  private static final String ROOT = "io.exposedapp.apiserver";

  @Test
  void eachPartUsesOnlyThePartsBelowIt() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ROOT);

    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("Server").definedBy(ROOT)
        .layer("Pipeline").definedBy(ROOT + ".pipeline..")
        .layer("Handlers").definedBy(ROOT + ".handlers..")
        .layer("Auth").definedBy(ROOT + ".auth..")
        .layer("Kubectl").definedBy(ROOT + ".kubectl..")
        .layer("Admission").definedBy(ROOT + ".admission..")
        .layer("Controllers").definedBy(ROOT + ".controllers..")
        .layer("Storage").definedBy(ROOT + ".storage..")
        .layer("Merge").definedBy(ROOT + ".merge..")
        .layer("Api").definedBy(ROOT + ".api..")
        .whereLayer("Server").mayNotBeAccessedByAnyLayer()
        .whereLayer("Pipeline").mayOnlyBeAccessedByLayers("Server")
        .whereLayer("Handlers").mayOnlyBeAccessedByLayers("Server", "Pipeline")
        .whereLayer("Auth").mayOnlyBeAccessedByLayers("Server", "Pipeline", "Handlers")
        .whereLayer("Kubectl").mayOnlyBeAccessedByLayers("Server", "Pipeline", "Handlers")
        .whereLayer("Admission").mayOnlyBeAccessedByLayers("Server", "Handlers")
        .whereLayer("Controllers").mayOnlyBeAccessedByLayers("Server", "Handlers")
        .whereLayer("Storage").mayOnlyBeAccessedByLayers("Server", "Pipeline", "Handlers", "Auth", "Kubectl",
            "Admission", "Controllers")
        .whereLayer("Merge").mayOnlyBeAccessedByLayers("Pipeline", "Handlers")
        .whereLayer("Api").mayOnlyBeAccessedByLayers("Server", "Pipeline", "Handlers", "Auth", "Kubectl",
            "Admission", "Controllers", "Storage")
        .check(classes);
  }

  @Test
  void noSourceFileIsLongerThanFourHundredLines() throws IOException {
    Path sources = Path.of("src", "api-test-server", "src", "main", "java");
    if (!Files.isDirectory(sources)) {
      sources = Path.of("src", "main", "java");
    }
    List<String> tooLong;
    try (Stream<Path> files = Files.walk(sources)) {
      tooLong = files.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> lines(f) > 400)
          .map(f -> f + ": " + lines(f) + " lines")
          .toList();
    }
    assertThat(tooLong).as("source files over 400 lines under %s", sources.toAbsolutePath()).isEmpty();
  }

  private static long lines(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
