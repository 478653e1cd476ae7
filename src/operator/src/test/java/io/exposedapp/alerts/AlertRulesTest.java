package io.exposedapp.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The PrometheusRule's alerts under Prometheus' own {@code promtool}: the rules are valid, and the unit tests in
 * {@code src/operator/src/test/resources/alerts/} pass, with at least one case where each alert fires and one where it
 * must not. Each alert has a summary, a description and a runbook section. Without promtool on the PATH the promtool
 * checks are skipped, saying so, unless {@value #REQUIRE} is set ({@code .ci/run} installs promtool and sets it, so
 * CI fails on a broken rule).
 */
class AlertRulesTest {

  static final String REQUIRE = "EXPOSEDAPP_REQUIRE_PROMTOOL";
  private static final Path WORK = Path.of("src", "operator", "target", "alerts");

  record Run(int exit, String output) {
  }

  private static boolean promtoolAvailable;

  @BeforeAll
  static void findPromtool() {
    try {
      promtoolAvailable = new ProcessBuilder("promtool", "--version").redirectErrorStream(true).start()
          .waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      promtoolAvailable = false;
    }
    if (!promtoolAvailable && System.getenv(REQUIRE) != null) {
      throw new IllegalStateException(REQUIRE + " is set but promtool is not on the PATH (Debian: apt-get install "
          + "prometheus)");
    }
  }

  private static Run promtool(String... args) throws Exception {
    Assumptions.assumeTrue(promtoolAvailable, "promtool is not on the PATH (Debian: apt-get install prometheus)");
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    return new Run(p.exitValue(), output);
  }

  /** The rules file and the unit tests, side by side in target/ as the tests' {@code rule_files} expects. */
  private static List<String> prepare() throws IOException {
    AlertRules.writeRulesFile(WORK.resolve("rules.yaml"));
    List<String> tests = new ArrayList<>();
    try (Stream<Path> files = Files.list(AlertRules.TESTS)) {
      for (Path test : files.filter(f -> f.toString().endsWith(".test.yaml")).sorted().toList()) {
        Files.copy(test, WORK.resolve(test.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        tests.add(test.getFileName().toString());
      }
    }
    return tests;
  }

  @Test
  void promtoolFindsTheRulesValid() throws Exception {
    prepare();
    Run run = promtool("check", "rules", "rules.yaml");
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS: " + AlertRules.alerts().size() + " rules found");
  }

  @Test
  void everyAlertsUnitTestsPassUnderPromtool() throws Exception {
    List<String> tests = prepare();
    List<String> args = new ArrayList<>(List.of("test", "rules"));
    args.addAll(tests);
    Run run = promtool(args.toArray(String[]::new));
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).doesNotContain("FAILED");
  }

  @Test
  void everyAlertHasACaseThatFiresAndOneThatMustNot() throws IOException {
    Set<String> fires = new HashSet<>();
    Set<String> silent = new HashSet<>();
    try (Stream<Path> files = Files.list(AlertRules.TESTS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".test.yaml")).toList()) {
        for (JsonNode test : AlertRules.tree(file).path("tests")) {
          for (JsonNode check : test.path("alert_rule_test")) {
            String alert = check.path("alertname").asText();
            (check.path("exp_alerts").isEmpty() ? silent : fires).add(alert);
          }
        }
      }
    }
    List<String> alerts = AlertRules.alerts().stream().map(a -> a.path("alert").asText()).toList();
    assertThat(alerts).hasSizeGreaterThanOrEqualTo(7);
    assertThat(fires).as("alerts with a case that fires").containsAll(alerts);
    assertThat(silent).as("alerts with a case that must not fire").containsAll(alerts);
  }

  @Test
  void everyAlertHasASummaryADescriptionASeverityAndARunbookSection() throws IOException {
    String runbook = Files.readString(AlertRules.RUNBOOK);
    for (JsonNode alert : AlertRules.alerts()) {
      String name = alert.path("alert").asText();
      JsonNode annotations = alert.path("annotations");
      assertThat(annotations.path("summary").asText()).as("%s summary", name).isNotBlank();
      assertThat(annotations.path("description").asText()).as("%s description", name).isNotBlank();
      assertThat(alert.path("labels").path("severity").asText()).as("%s severity", name)
          .isIn("warning", "critical");
      assertThat(annotations.path("runbook_url").asText()).as("%s runbook_url", name)
          .endsWith("/docs/RUNBOOK.md#" + name.toLowerCase(Locale.ROOT));
      assertThat(runbook).as("%s has a section in %s", name, AlertRules.RUNBOOK).contains("\n## " + name + "\n");
    }
  }
}
