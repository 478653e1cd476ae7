package io.exposedapp.targetgroupbinding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.exposedapp.allocation.PortRange;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.plan.ExposurePlan;
import io.exposedapp.plan.NodePortPlanner;
import io.exposedapp.testing.GoldenFiles;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Golden files for the desired TargetGroupBindings: {@code golden/targetgroupbinding/in-X.yaml} (an ExposedApp,
 * planned against an empty cluster) must produce exactly {@code out-X.yaml}, every binding in spec order. To accept a
 * deliberate change, run with {@code -Dgolden.update=true} and review the diff.
 */
class DesiredTargetGroupBindingGoldenTest {

  private static final Path DIR = Path.of("src/operator/src/test/resources/golden/targetgroupbinding");

  static List<String> cases() throws IOException {
    return GoldenFiles.cases(DIR);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void desiredBindingsMatchTheGoldenFile(String name) throws IOException {
    ExposedApp app = Serialization.unmarshal(Files.readString(DIR.resolve("in-" + name + ".yaml")), ExposedApp.class);
    ExposurePlan plan = new NodePortPlanner(PortRange.DEFAULT, Clock.systemUTC()).plan(app, List.of(), List.of(app));

    String actual = DesiredTargetGroupBinding.of(app, plan).values().stream().map(Serialization::asYaml)
        .collect(Collectors.joining());

    GoldenFiles.assertMatches(DIR.resolve("out-" + name + ".yaml"), actual);
  }
}
