package io.exposedapp.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No dead links in README.md and docs/: every relative link resolves to a file or folder of the repository, every
 * {@code #anchor} to a heading of its page (GitHub's anchors), and every repository path a page names in backticks
 * ({@code examples/...}, {@code deploy/...}, {@code src/...}) exists. Moving a page or a heading fails here first.
 */
class DocsLinksTest {

  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern PATH = Pattern.compile(
      "`((?:examples|deploy|crds|docs|src|\\.ci)/[^`\\s*{}<>]*)`");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");

  static Stream<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(Path.of("README.md"),
        Path.of("deploy", "helm", "exposedapp-operator", "README.md")));
    try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pages")
  void everyLinkAnchorAndNamedPathResolves(Path page) throws IOException {
    List<String> dead = new ArrayList<>();
    String text = withoutCodeBlocks(Files.readString(page));
    // a pattern in backticks, such as `^[a-z]([-a-z0-9]*)$`, is code, not a link
    Matcher link = LINK.matcher(text.replaceAll("`[^`\n]*`", "``"));
    while (link.find()) {
      String target = link.group(1);
      if (target.matches("^[a-z]+:.*")) {
        continue; // http(s), mailto: outside the repository
      }
      int hash = target.indexOf('#');
      String file = hash < 0 ? target : target.substring(0, hash);
      Path resolved = file.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(file).normalize();
      if (!Files.exists(resolved)) {
        dead.add(target + " (no such file)");
      } else if (hash >= 0) {
        String anchor = target.substring(hash + 1);
        if (!resolved.toString().endsWith(".md") || !anchors(resolved).contains(anchor)) {
          dead.add(target + " (no such heading)");
        }
      }
    }
    Matcher path = PATH.matcher(text);
    while (path.find()) {
      String named = path.group(1).replaceAll("[.,:;]$", "");
      if (!Files.exists(Path.of(named))) {
        dead.add("`" + named + "` (no such path in the repository)");
      }
    }
    assertThat(dead).as("dead links in %s", page).isEmpty();
  }

  @Test
  void theAnchorsFollowGitHubsRules() {
    assertThat(slugs(List.of("TCP and UDP apps: NLBs and target groups", "`spec.ports[]`", "A b", "A b")))
        .containsExactly("tcp-and-udp-apps-nlbs-and-target-groups", "specports", "a-b", "a-b-1");
  }

  private static final Map<Path, Set<String>> ANCHORS = new HashMap<>();

  private static Set<String> anchors(Path page) {
    return ANCHORS.computeIfAbsent(page.toAbsolutePath().normalize(), p -> {
      try {
        List<String> headings = new ArrayList<>();
        for (String line : withoutCodeBlocks(Files.readString(p)).split("\n")) {
          Matcher heading = HEADING.matcher(line);
          if (heading.matches()) {
            headings.add(heading.group(1));
          }
        }
        return new LinkedHashSet<>(slugs(headings));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to '-', repeats numbered. */
  private static List<String> slugs(List<String> headings) {
    Map<String, Integer> seen = new HashMap<>();
    List<String> slugs = new ArrayList<>();
    for (String heading : headings) {
      String slug = heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum) - 1;
      slugs.add(n == 0 ? slug : slug + "-" + n);
    }
    return slugs;
  }

  /** The page without its fenced code blocks, whose text is code, not links. */
  private static String withoutCodeBlocks(String text) {
    StringBuilder out = new StringBuilder();
    boolean code = false;
    for (String line : text.split("\n", -1)) {
      if (line.strip().startsWith("```")) {
        code = !code;
        out.append('\n');
        continue;
      }
      out.append(code ? "" : line).append('\n');
    }
    return out.toString();
  }
}
