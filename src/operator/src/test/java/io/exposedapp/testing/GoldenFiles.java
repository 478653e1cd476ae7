package io.exposedapp.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Golden-file tests: inputs {@code in-X.yaml} and expected outputs {@code out-X.yaml} side by side in a folder. Run
 * with {@code -Dgolden.update=true} to rewrite the expected outputs after a deliberate change, then review the diff.
 */
public final class GoldenFiles {

  private GoldenFiles() {
  }

  /** The case names X of the {@code in-X.yaml} files of a folder, sorted. */
  public static List<String> cases(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("in-") && n.endsWith(".yaml"))
          .map(n -> n.substring(3, n.length() - 5))
          .sorted()
          .toList();
    }
  }

  /** Asserts that {@code actual} is exactly the golden file's content (writing it first under golden.update). */
  public static void assertMatches(Path golden, String actual) throws IOException {
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(golden, actual);
    }
    assertThat(golden).as("golden file %s (create it with -Dgolden.update=true)", golden).exists();
    assertThat(actual).as("output against %s", golden).isEqualTo(Files.readString(golden));
  }
}
