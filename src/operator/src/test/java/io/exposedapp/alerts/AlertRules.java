package io.exposedapp.alerts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The alerts of {@code deploy/components/prometheus-rule/} as Prometheus reads them: the PrometheusRule's
 * {@code spec.groups} is a rules file. Paths are relative to the repository root (the tests' working directory).
 */
final class AlertRules {

  static final Path PROMETHEUS_RULE = Path.of("deploy", "components", "prometheus-rule", "prometheusrule.yaml");
  /** promtool unit tests, one file per alert, each reading {@code rules.yaml} from its own folder. */
  static final Path TESTS = Path.of("src", "operator", "src", "test", "resources", "alerts");
  static final Path RUNBOOK = Path.of("docs", "RUNBOOK.md");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  /** Metric names in PromQL: identifiers that are not functions, keywords, labels or durations. */
  private static final Pattern METRIC = Pattern.compile("\\b(exposedapp_[a-z_]+|up)\\b(?!\\s*\\()");

  private AlertRules() {
  }

  static JsonNode tree(Path file) {
    try {
      return YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every alerting rule of every group. */
  static List<JsonNode> alerts() {
    List<JsonNode> alerts = new ArrayList<>();
    tree(PROMETHEUS_RULE).path("spec").path("groups")
        .forEach(group -> group.path("rules").forEach(rule -> {
          if (rule.has("alert")) {
            alerts.add(rule);
          }
        }));
    return alerts;
  }

  /** The rules file promtool reads: {@code groups:} of the PrometheusRule's spec. */
  static void writeRulesFile(Path file) {
    ObjectNode rules = YAML.createObjectNode();
    rules.set("groups", tree(PROMETHEUS_RULE).path("spec").path("groups"));
    try {
      Files.createDirectories(file.getParent());
      YAML.writeValue(file.toFile(), rules);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The metric names the alert expressions read. */
  static Set<String> metricNames() {
    Set<String> names = new TreeSet<>();
    for (JsonNode alert : alerts()) {
      Matcher m = METRIC.matcher(alert.path("expr").asText());
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }
}
