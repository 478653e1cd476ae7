package io.exposedapp.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.exposedapp.Main;
import io.exposedapp.testing.GoldenFiles;
import picocli.CommandLine;

/**
 * {@code render} as a user runs it: golden files for stdout and stderr, and the exit code. To accept a deliberate
 * change of output, run with {@code -Dgolden.update=true} and review the diff.
 */
class RenderCommandTest {

  private static final Path GOLDEN = Path.of("src/operator/src/test/resources/golden/render");
  private static final String ERRORS = "src/operator/src/test/resources/render/errors/";

  record Run(int exit, String out, String err) {
  }

  static Run render(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new Main(), new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        return cls == RenderCommand.class
            ? cls.cast(new RenderCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))))
            : CommandLine.defaultFactory().create(cls);
      }
    });
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    String[] all = Stream.concat(Stream.of("render"), Stream.of(args)).toArray(String[]::new);
    int exit = commandLine.execute(all);
    return new Run(exit, out.toString(), err.toString());
  }

  private static void assertGolden(String name, String actual) throws IOException {
    GoldenFiles.assertMatches(GOLDEN.resolve(name), actual);
  }

  @Test
  void theExamplesRenderToTheirGoldenManifests() throws IOException {
    Run run = render("", "examples");
    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).isZero();
    assertGolden("examples.out.yaml", run.out());
  }

  @Test
  void theExamplesDrawFromTheExamplePoolsWithPools() throws IOException {
    Run run = render("", "--pools", "examples/pools/pools.yaml", "examples");
    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).isZero();
    assertGolden("examples-pools.out.yaml", run.out());
    // shop and orders are the web teams' namespaces: their ports come from 30100-30199
    assertThat(run.out()).contains("nodePort: 30100", "nodePort: 30101");
  }

  static Stream<Arguments> errorCases() {
    return Stream.of(
        Arguments.of("mixed", new String[] {ERRORS + "mixed.yaml"}, 1),
        Arguments.of("not-an-app", new String[] {ERRORS + "not-an-app.yaml"}, 1),
        Arguments.of("unreadable", new String[] {ERRORS + "unreadable.yaml"}, 1),
        Arguments.of("invalid-yaml", new String[] {ERRORS + "invalid.yaml"}, 1),
        Arguments.of("taken-by-existing", new String[] {"--existing", ERRORS + "existing-services.yaml",
            ERRORS + "wants-taken-port.yaml", ERRORS + "mixed.yaml"}, 1),
        Arguments.of("out-of-range", new String[] {"--node-port-range", "30000-30009", ERRORS + "mixed.yaml"}, 1),
        Arguments.of("pools-refused", new String[] {"--pools", ERRORS + "pools.yaml", ERRORS + "pool-apps.yaml"}, 1),
        Arguments.of("missing-file", new String[] {ERRORS + "nowhere.yaml"}, 2),
        Arguments.of("bad-range", new String[] {"--node-port-range", "32767-30000", "examples"}, 2),
        Arguments.of("bad-scheme", new String[] {"--scheme", "public", "examples"}, 2),
        Arguments.of("bad-lbc-version", new String[] {"--lbc-version", "v2", "examples"}, 2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errorCases")
  void invalidInputIsReportedOnStderrWithItsExitCodeAndPrintsOnlyTheValidDocuments(String name, String[] args,
      int exit) throws IOException {
    Run run = render("", args);
    assertThat(run.exit()).as("exit code; stderr: %s", run.err()).isEqualTo(exit);
    assertGolden(name + ".out.yaml", run.out());
    assertGolden(name + ".err.txt", run.err());
  }

  @Test
  void anAppAlreadyDeployedKeepsItsNodePortsAndItsOwnerReference() throws IOException {
    Run run = render("", "--existing", ERRORS + "existing-services.yaml", ERRORS + "deployed.yaml");
    assertThat(run.exit()).as(run.err()).isZero();
    assertGolden("deployed.out.yaml", run.out());
    assertThat(run.out()).contains("nodePort: 32222").contains("uid: \"5d1c0b6e-0000-4000-8000-00000000abcd\"");
  }

  @Test
  void anOwnAlbRendersItsGatewayObjectsInTheLbcVersionAsked() {
    String app = "src/operator/src/test/resources/golden/gateway/in-own-alb.yaml";

    Run v1 = render("", app);
    Run v1beta1 = render("", "--lbc-version", "v1beta1", app);

    assertThat(v1.exit()).as(v1.err()).isZero();
    assertThat(v1.out().lines().filter(l -> l.startsWith("kind: ")))
        .containsExactly("kind: \"Service\"", "kind: \"HTTPRoute\"", "kind: \"TargetGroupConfiguration\"",
            "kind: \"Gateway\"", "kind: \"LoadBalancerConfiguration\"");
    assertThat(v1.out()).contains("apiVersion: \"gateway.k8s.aws/v1\"").doesNotContain("v1beta1");
    assertThat(v1beta1.exit()).as(v1beta1.err()).isZero();
    assertThat(v1beta1.out()).as("the same objects, in gateway.k8s.aws/v1beta1")
        .isEqualTo(v1.out().replace("apiVersion: \"gateway.k8s.aws/v1\"", "apiVersion: \"gateway.k8s.aws/v1beta1\""));
  }

  @Test
  void stdinIsReadWithDash() throws IOException {
    String app = Files.readString(Path.of("examples/udp-dns.yaml"));
    Run run = render(app, "-");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("# Source: <stdin>, document 1 (ExposedApp infra/dns)").contains("kind: \"Service\"");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    Run run = render("", "--frobnicate", "examples");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option: '--frobnicate'");
    assertThat(run.out()).isEmpty();
  }
}
