package io.exposedapp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The install page's table of the chart's values (docs/install.md) is generated from {@code values.yaml} (every
 * leaf, its default, and the
 * {@code # --} comment above it), so that it cannot go stale: the test fails when that table differs, and
 * prints the table to paste. {@code -Dgolden.update=true} writes it into the page instead.
 */
class HelmValuesReferenceTest {

  static final Path PAGE = Path.of("docs", "install.md");
  static final String BEGIN = "<!-- helm-values:begin (generated from deploy/helm/exposedapp-operator/values.yaml by "
      + "HelmValuesReferenceTest) -->";
  static final String END = "<!-- helm-values:end -->";

  private static final Pattern KEY = Pattern.compile("^(\\s*)([A-Za-z][\\w.-]*):\\s*(.*)$");

  @Test
  void theReadmesValuesTableIsTheOneValuesYamlGives() throws IOException {
    String expected = table(Files.readAllLines(HelmChart.DIR.resolve("values.yaml")));
    String readme = Files.readString(PAGE);
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    assertThat(begin).as("docs/install.md has the marker %s", BEGIN).isNotNegative();
    assertThat(end).as("docs/install.md has the marker %s", END).isGreaterThan(begin);
    String actual = readme.substring(begin + BEGIN.length(), end).strip();
    if (Boolean.getBoolean("golden.update") && !actual.equals(expected)) {
      Files.writeString(PAGE, readme.substring(0, begin + BEGIN.length()) + "\n" + expected + "\n"
          + readme.substring(end));
      return;
    }
    assertThat(actual).as("the install page's values table; regenerate with -Dgolden.update=true")
        .isEqualTo(expected);
  }

  @Test
  void everyLeafIsARowWithItsDefault() {
    String table = table(List.of(
        "# -- The image.",
        "image:",
        "  # -- Where from.",
        "  repository: example/op",
        "  pullSecrets: []",
        "replicaCount: 2",
        "resources:",
        "  requests:",
        "    cpu: 100m"));

    assertThat(table.lines().skip(2)).containsExactly(
        "| `image.repository` | `example/op` | Where from. |",
        "| `image.pullSecrets` | `[]` |  |",
        "| `replicaCount` | `2` |  |",
        "| `resources.requests.cpu` | `100m` |  |");
  }

  /** The Markdown table of values.yaml's leaves, in file order. */
  static String table(List<String> lines) {
    List<String> rows = new ArrayList<>();
    rows.add("| Value | Default | Meaning |");
    rows.add("|---|---|---|");
    List<String> path = new ArrayList<>();
    List<Integer> indents = new ArrayList<>();
    StringBuilder comment = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String trimmed = line.strip();
      if (trimmed.startsWith("# --")) {
        comment.setLength(0);
        comment.append(trimmed.substring(4).strip());
        continue;
      }
      if (trimmed.startsWith("#") && comment.length() > 0) {
        comment.append(' ').append(trimmed.substring(1).strip());
        continue;
      }
      Matcher key = KEY.matcher(line);
      if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("- ") || !key.matches()) {
        comment.setLength(0);
        continue;
      }
      int indent = key.group(1).length();
      while (!indents.isEmpty() && indents.get(indents.size() - 1) >= indent) {
        indents.remove(indents.size() - 1);
        path.remove(path.size() - 1);
      }
      String value = key.group(3).replaceAll("\\s+#.*$", "").strip();
      boolean nested = value.isEmpty() && i + 1 < lines.size() && indentOf(lines.get(i + 1)) > indent
          && !lines.get(i + 1).strip().startsWith("- ");
      String name = String.join(".", path) + (path.isEmpty() ? "" : ".") + key.group(2);
      if (nested) {
        path.add(key.group(2));
        indents.add(indent);
      } else {
        if (value.isEmpty()) {
          value = blockList(lines, i + 1, indent);
        }
        rows.add("| `" + name + "` | `" + value + "` | " + comment + " |");
      }
      comment.setLength(0);
    }
    return String.join("\n", rows);
  }

  /** A block list under a key, written in flow style for the table. */
  private static String blockList(List<String> lines, int from, int indent) {
    List<String> items = new ArrayList<>();
    for (int j = from; j < lines.size() && (lines.get(j).isBlank() || indentOf(lines.get(j)) > indent
        || lines.get(j).strip().startsWith("- ") && indentOf(lines.get(j)) >= indent); j++) {
      if (lines.get(j).strip().startsWith("- ")) {
        items.add(lines.get(j).strip().substring(2));
      }
    }
    return "[" + String.join(", ", items) + "]";
  }

  private static int indentOf(String line) {
    return line.length() - line.stripLeading().length();
  }
}
