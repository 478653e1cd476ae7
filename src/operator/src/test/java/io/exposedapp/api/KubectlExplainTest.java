package io.exposedapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.Waits;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * {@code kubectl explain} (the real binary) describes every field of {@code spec.gateway}, {@code spec.nlbGateway},
 * {@code spec.loadBalancer} and {@code spec.targetGroupBindings} (and {@code status.healthCheckNodePort}) with the
 * description the CRD in {@code crds/} carries, on the API server the tier runs (the API test server, or kube-apiserver with
 * {@code -Preal-apiserver}). Skipped, saying so, where kubectl is not on the PATH.
 */
@Tag("real-apiserver")
class KubectlExplainTest {

  @RegisterExtension
  static final OperatorHarness api = OperatorHarness.apiServerOnly();

  @TempDir
  static Path dir;
  static Path kubeconfig;

  @BeforeAll
  static void kubectlIsAvailable() throws Exception {
    boolean available;
    try {
      available = new ProcessBuilder("kubectl", "version", "--client").start().waitFor() == 0;
    } catch (IOException e) {
      available = false;
    }
    Assumptions.assumeTrue(available, "kubectl is not on the PATH");
    kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
    // kube-apiserver publishes a new CRD's schema to its OpenAPI a moment after the CRD is Established
    Waits.until("kubectl explain exposedapps", () -> explain("exposedapps"), out -> out.exit() == 0,
        Explained::out);
  }

  /** What kubectl explain printed, and how it exited. */
  record Explained(int exit, String out) {
  }

  private static Explained explain(String path) throws IOException, InterruptedException {
    Process kubectl = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(), "explain", path)
        .redirectErrorStream(true).start();
    String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).as("kubectl explain %s finished", path).isTrue();
    return new Explained(kubectl.exitValue(), out);
  }

  record Field(String path, String description) {
    @Override
    public String toString() {
      return path;
    }
  }

  /** Every field under the sections of the ways in through LBC, with its description, from the committed CRD. */
  static Stream<Field> lbcFields() throws IOException {
    CustomResourceDefinition crd;
    try (var in = java.nio.file.Files.newInputStream(Path.of("crds", "exposedapps.exposedapp.io-v1.yml"))) {
      crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
    }
    JSONSchemaProps root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    List<Field> fields = new ArrayList<>();
    for (String section : List.of("gateway", "nlbGateway", "loadBalancer", "targetGroupBindings")) {
      collect("exposedapps.spec." + section, root.getProperties().get("spec").getProperties().get(section), fields);
    }
    collect("exposedapps.status.healthCheckNodePort", root.getProperties().get("status").getProperties()
        .get("healthCheckNodePort"), fields);
    return fields.stream();
  }

  private static void collect(String path, JSONSchemaProps schema, List<Field> fields) {
    fields.add(new Field(path, schema.getDescription()));
    JSONSchemaProps element = schema.getItems() != null ? schema.getItems().getSchema() : schema;
    Map<String, JSONSchemaProps> properties = element == null ? null : element.getProperties();
    if (properties != null) {
      properties.forEach((name, property) -> collect(path + "." + name, property, fields));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lbcFields")
  void explainPrintsTheFieldsDescription(Field field) throws Exception {
    assertThat(field.description()).as("the CRD describes %s", field.path()).isNotBlank();

    Explained explained = explain(field.path());

    assertThat(explained.exit()).as(explained.out()).isZero();
    // kubectl wraps the description to its width: compare the words
    assertThat(words(explained.out())).as(explained.out()).contains(words(field.description()));
  }

  private static String words(String text) {
    return String.join(" ", text.strip().split("\\s+"));
  }
}
