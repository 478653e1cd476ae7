package io.exposedapp.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.exposedapp.allocation.PortRange;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.plan.ExposurePlan;
import io.exposedapp.plan.NodePortPlanner;
import io.exposedapp.testing.GoldenFiles;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Golden files for the desired Service: {@code golden/service/in-X.yaml} (an ExposedApp, planned against an empty
 * cluster) must produce exactly {@code out-X.yaml}. To accept a deliberate change, run with
 * {@code -Dgolden.update=true} and review the diff.
 */
class DesiredServiceGoldenTest {

  private static final Path DIR = Path.of("src/operator/src/test/resources/golden/service");

  static List<String> cases() throws IOException {
    return GoldenFiles.cases(DIR);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void desiredServiceMatchesTheGoldenFile(String name) throws IOException {
    ExposedApp app = Serialization.unmarshal(Files.readString(DIR.resolve("in-" + name + ".yaml")), ExposedApp.class);
    ExposurePlan plan = new NodePortPlanner(PortRange.DEFAULT, Clock.systemUTC()).plan(app, List.of(), List.of(app));

    String actual = Serialization.asYaml(DesiredService.of(app, plan));

    GoldenFiles.assertMatches(DIR.resolve("out-" + name + ".yaml"), actual);
  }
}
