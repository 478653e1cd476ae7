package io.exposedapp.migration;

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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.exposedapp.Main;
import io.exposedapp.apiserver.ApiTestServer;
import io.exposedapp.testing.GoldenFiles;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine;

/**
 * {@code import} as a user runs it: golden files {@code in-*.yaml} -> {@code out-*.yaml} (stdout, the ExposedApps) and
 * {@code err-*.txt} (stderr, what was left out or renamed), and the exit code. To accept a deliberate change of
 * output, run with {@code -Dgolden.update=true} and review the diff.
 */
class ImportCommandTest {

  static final Path GOLDEN = Path.of("src/operator/src/test/resources/golden/import");

  record Run(int exit, String out, String err) {
  }

  static Run importing(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new Main(), new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        return cls == ImportCommand.class
            ? cls.cast(new ImportCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))))
            : CommandLine.defaultFactory().create(cls);
      }
    });
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exit = commandLine.execute(Stream.concat(Stream.of("import"), Stream.of(args)).toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  @ParameterizedTest(name = "{0}: exit {1}")
  @CsvSource({"hand-written, 0", "legacy-class, 0", "not-importable, 1", "nlb, 1"})
  void eachGoldenInputImportsToItsExposedAppsAndNamesWhatItLeftOut(String name, int exit) throws IOException {
    Run run = importing("", GOLDEN.resolve("in-" + name + ".yaml").toString());

    GoldenFiles.assertMatches(GOLDEN.resolve("out-" + name + ".yaml"), run.out());
    GoldenFiles.assertMatches(GOLDEN.resolve("err-" + name + ".txt"), run.err());
    assertThat(run.exit()).as("exit code; stderr:%n%s", run.err()).isEqualTo(exit);
  }

  /**
   * {@code --gateway}: {@code out-gateway-*.yaml} are the apps with a spec.gateway next to their spec.ingress (and a
   * spec.nlbGateway next to their spec.loadBalancer),
   * {@code err-gateway-*.txt} what was not carried. {@code hand-written}'s Ingress is in an IngressGroup, which becomes
   * a parentRef to the Gateway of the group's name in {@code --gateway-namespace}.
   */
  @ParameterizedTest(name = "{0}: exit {1}")
  @CsvSource({"own-alb, in-gateway-own-alb, 0", "hand-written, in-hand-written, 1", "apps, in-gateway-apps, 1",
      "nlb, in-nlb, 1"})
  void withGatewayEachIngressSectionGetsTheGatewaySectionThatRoutesTheSameWay(String name, String input, int exit)
      throws IOException {
    Run run = importing("", GOLDEN.resolve(input + ".yaml").toString(), "--gateway", "--gateway-namespace",
        "gateways");

    GoldenFiles.assertMatches(GOLDEN.resolve("out-gateway-" + name + ".yaml"), run.out());
    GoldenFiles.assertMatches(GOLDEN.resolve("err-gateway-" + name + ".txt"), run.err());
    assertThat(run.exit()).as("exit code; stderr:%n%s", run.err()).isEqualTo(exit);
  }

  @Test
  void gatewayNamespaceWithoutGatewayIsAUsageError() {
    Run run = importing("", GOLDEN.resolve("in-hand-written.yaml").toString(), "--gateway-namespace", "gateways");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("import: --gateway-namespace needs --gateway\n");
  }

  @Test
  void stdinReadsLikeAFile() throws IOException {
    Path input = GOLDEN.resolve("in-hand-written.yaml");

    assertThat(importing(Files.readString(input), "-")).isEqualTo(importing("", input.toString()));
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(importing("").exit()).as("neither PATHs nor --from-cluster").isEqualTo(2);
    assertThat(importing("", "x.yaml", "--from-cluster").exit()).as("both").isEqualTo(2);
    Run missing = importing("", "nowhere.yaml");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("import: nowhere.yaml: no such file or folder\n");
  }

  @Test
  void aFileThatIsNotYamlIsNamedTheOthersAreImportedAndTheExitIsOne() {
    Run run = importing("", "src/operator/src/test/resources/render/errors/invalid.yaml",
        GOLDEN.resolve("in-legacy-class.yaml").toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).startsWith("import: src/operator/src/test/resources/render/errors/invalid.yaml: not valid "
        + "YAML");
    assertThat(run.out()).isEqualTo(importing("", GOLDEN.resolve("in-legacy-class.yaml").toString()).out());
  }

  @Test
  void fromClusterReadsTheNamespaceAndImportsAsFromItsYaml(@TempDir Path dir) throws IOException {
    try (ApiTestServer server = ApiTestServer.builder().build()) {
      server.start();
      try (KubernetesClient client = server.newClient()) {
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
            .withName("shop").endMetadata().build()).create();
        for (HasMetadata object : ImportRoundTripTest.objects(GOLDEN.resolve("in-hand-written.yaml"))) {
          object.getMetadata().setUid(null);
          client.resource(object).create();
        }
      }
      Path kubeconfig = server.writeKubeconfig(dir.resolve("kubeconfig"));

      Run run = importing("", "--from-cluster", "-n", "shop", "--kubeconfig", kubeconfig.toString());

      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.out()).isEqualTo(importing("", GOLDEN.resolve("in-hand-written.yaml").toString()).out());
    }
  }
}
