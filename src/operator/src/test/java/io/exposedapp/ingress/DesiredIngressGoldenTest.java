package io.exposedapp.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.exposedapp.allocation.PortRange;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.IngressRule;
import io.exposedapp.api.IngressSpec;
import io.exposedapp.config.IngressDefaults;
import io.exposedapp.plan.ExposurePlan;
import io.exposedapp.ingress.IngressLint;
import io.exposedapp.plan.NodePortPlanner;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.exposedapp.testing.GoldenFiles;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Golden files for the desired Ingress: {@code golden/ingress/in-X.yaml} (an ExposedApp, planned against an empty
 * cluster, with {@link IngressDefaults#AWS}) must produce exactly {@code out-X.yaml}. The out files were reviewed
 * against the AWS Load Balancer Controller's annotation documentation; to accept a deliberate change, run with
 * {@code -Dgolden.update=true} and review the diff the same way.
 */
class DesiredIngressGoldenTest {

  private static final Path DIR = Path.of("src/operator/src/test/resources/golden/ingress");

  static List<String> cases() throws IOException {
    return GoldenFiles.cases(DIR);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void desiredIngressMatchesTheGoldenFile(String name) throws IOException {
    ExposedApp app = Serialization.unmarshal(Files.readString(DIR.resolve("in-" + name + ".yaml")), ExposedApp.class);
    ExposurePlan plan = new NodePortPlanner(PortRange.DEFAULT, Clock.systemUTC()).plan(app, List.of(), List.of(app));
    // a golden Ingress is one the operator would write
    assertThat(IngressLint.problems(app.getSpec())).as("lint of in-%s.yaml", name).isEmpty();

    String actual = Serialization.asYaml(DesiredIngress.of(app, plan, IngressDefaults.AWS));

    GoldenFiles.assertMatches(DIR.resolve("out-" + name + ".yaml"), actual);
    assertThat(actual).as("no empty strings, lists or maps").doesNotContain("\"\"", "[]", "{}");
  }

  /** Blank strings and empty lists from an object the schema never saw fall back to defaults, never to "". */
  @Test
  void blankFieldsFallBackToDefaults() throws IOException {
    ExposedApp app = Serialization.unmarshal(Files.readString(DIR.resolve("in-minimal.yaml")), ExposedApp.class);
    app.setSpec(app.getSpec().withIngress(new IngressSpec(null, " ", null, List.of(), null, null, null, null, null,
        null, null, null, null, null, null)));
    ExposurePlan plan = new NodePortPlanner(PortRange.DEFAULT, Clock.systemUTC()).plan(app, List.of(), List.of(app));

    Ingress ingress = DesiredIngress.of(app, plan, IngressDefaults.AWS);

    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("alb");
    assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getHost()).isNull();
      assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
        assertThat(path.getPath()).isEqualTo("/");
        assertThat(path.getPathType()).isEqualTo("Prefix");
        assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
      });
    });
  }

  @Test
  void aBlankHostIsNoHostAndSharesItsRule() throws IOException {
    ExposedApp app = Serialization.unmarshal(Files.readString(DIR.resolve("in-minimal.yaml")), ExposedApp.class);
    app.setSpec(app.getSpec().withIngress(new IngressSpec(null, null, null, List.of(
        new IngressRule(null, "/a", null, "http"),
        new IngressRule("", "/b", IngressRule.PathType.Exact, "http")), null, null, null, null, null, null, null,
        null, null, null, null)));
    ExposurePlan plan = new NodePortPlanner(PortRange.DEFAULT, Clock.systemUTC()).plan(app, List.of(), List.of(app));

    Ingress ingress = DesiredIngress.of(app, plan, IngressDefaults.AWS);

    assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getHost()).isNull();
      assertThat(rule.getHttp().getPaths()).extracting(HTTPIngressPath::getPath).containsExactly("/a", "/b");
    });
  }
}
