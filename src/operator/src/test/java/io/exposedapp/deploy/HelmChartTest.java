package io.exposedapp.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.marcnuri.helm.LintResult;

import io.exposedapp.testing.GoldenFiles;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The Helm chart with real Helm: lint, the rendering with the default values and with every option on (golden
 * files), no drift from {@code deploy/} (the same objects, rules, containers and security), the CRDs of {@code crds/},
 * the project's version, and the values schema refusing a typo or a wrong type at render time with Helm's message.
 */
class HelmChartTest {

  private static final Path GOLDEN = Path.of("src/operator/src/test/resources/golden/helm");
  /** Values that turn every option on. */
  static final Path ALL_ON = GOLDEN.resolve("values-all-on.yaml");

  @Test
  void lintStrictFindsNothing() {
    LintResult lint = HelmChart.helm().lint().strict().call();

    assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @Test
  void theDefaultRenderingMatchesTheGoldenFile() throws IOException {
    GoldenFiles.assertMatches(GOLDEN.resolve("default.out.yaml"), HelmChart.template());
  }

  @Test
  void everyOptionOnMatchesTheGoldenFile() throws IOException {
    GoldenFiles.assertMatches(GOLDEN.resolve("all-on.out.yaml"), HelmChart.template(ALL_ON));
  }

  @Test
  void theDefaultsInstallWhatDeployInstalls() {
    DeployManifests deploy = DeployManifests.load();
    List<HasMetadata> chart = HelmChart.objects(HelmChart.template());
    // Helm installs into a namespace that exists (helm install -n ... --create-namespace); the rest is the same
    List<HasMetadata> kustomize = deploy.resources().stream().filter(r -> !(r instanceof Namespace)).toList();

    assertThat(keys(chart)).containsExactlyInAnyOrderElementsOf(keys(kustomize));
    for (HasMetadata expected : kustomize) {
      HasMetadata actual = chart.stream().filter(o -> key(o).equals(key(expected))).findFirst().orElseThrow();
      assertThat(comparable(actual)).as("%s: chart (left) and deploy/ (right) differ", key(expected))
          .isEqualTo(comparable(expected));
    }
  }

  @Test
  void theOptionalComponentsAreDeploysComponents() {
    List<HasMetadata> chart = HelmChart.objects(HelmChart.template(ALL_ON));
    for (String component : List.of("prometheus-rule", "service-monitor", "network-policy")) {
      for (HasMetadata expected : DeployManifests.in(DeployManifests.DIR.resolve("components").resolve(component))
          .resources()) {
        HasMetadata actual = chart.stream().filter(o -> o.getKind().equals(expected.getKind())).findFirst()
            .orElseThrow(() -> new AssertionError("the chart has no " + expected.getKind()));
        assertThat(spec(actual)).as("%s of component %s", expected.getKind(), component).isEqualTo(spec(expected));
      }
    }
  }

  @Test
  void theOperatorsPodSatisfiesTheRestrictedProfileWithEveryOptionOn() {
    PodTemplateSpec pod = HelmChart.objects(HelmChart.template(ALL_ON)).stream()
        .filter(Deployment.class::isInstance).map(d -> ((Deployment) d).getSpec().getTemplate()).findFirst()
        .orElseThrow();

    for (PodSecurityStandards.Control control : PodSecurityStandards.restrictedProfile()) {
      assertThat(control.violations(pod)).as("%s", control).isEmpty();
    }
  }

  @Test
  void theChartsCrdsAreCrds() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("crds"))) {
      for (Path crd : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
        assertThat(HelmChart.DIR.resolve("crds").resolve(crd.getFileName())).as("chart copy of %s", crd)
            .hasSameTextualContentAs(crd);
      }
    }
    try (Stream<Path> files = Files.list(HelmChart.DIR.resolve("crds"))) {
      assertThat(files.map(f -> Path.of("crds").resolve(f.getFileName()))).allMatch(Files::exists);
    }
  }

  @Test
  void theChartsVersionIsTheProjectsAndItsAppVersionDeploysImageTag() throws IOException {
    String chart = Files.readString(HelmChart.DIR.resolve("Chart.yaml"));
    String pom = Files.readString(Path.of("pom.xml"));
    Matcher project = Pattern.compile("<artifactId>exposedapp-parent</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(pom);
    assertThat(project.find()).isTrue();
    assertThat(value(chart, "version")).isEqualTo(project.group(1));
    String image = DeployManifests.load().deployment().getSpec().getTemplate().getSpec().getContainers().get(0)
        .getImage();
    assertThat(image).endsWith(":" + value(chart, "appVersion"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a typo in a key | replicaCont: 3 | (root): Additional property replicaCont is not allowed",
      "a wrong type | replicaCount: two | replicaCount: Invalid type. Expected: integer, given: string",
      "a value outside its enum | 'operator: {logLevel: LOUD}' | operator.logLevel: operator.logLevel must be one of"})
  void aValueTheSchemaRefusesFailsTheRenderingWithHelmsMessage(String what, String values, String message,
      @TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("values.yaml"), values + "\n");

    assertThatThrownBy(() -> HelmChart.template(file)).hasMessageContaining("values don't meet the specifications")
        .hasMessageContaining(message);
  }

  @Test
  void replicasWithoutLeaderElectionAreRefused(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("values.yaml"), "leaderElection: {enabled: false}\nreplicaCount: 2\n");

    assertThatThrownBy(() -> HelmChart.template(file))
        .hasMessageContaining("leaderElection.enabled false needs replicaCount 1");
    assertThat(HelmChart.template(Files.writeString(dir.resolve("one.yaml"),
        "leaderElection: {enabled: false}\nreplicaCount: 1\n"))).contains("value: \"false\"");
  }

  private static String value(String chartYaml, String key) {
    Matcher m = Pattern.compile("(?m)^" + key + ":\\s*\"?([^\"\\s]+)\"?\\s*$").matcher(chartYaml);
    assertThat(m.find()).as("%s in Chart.yaml", key).isTrue();
    return m.group(1);
  }

  private static List<String> keys(List<HasMetadata> objects) {
    return objects.stream().map(HelmChartTest::key).toList();
  }

  private static String key(HasMetadata object) {
    return object.getKind() + " " + Optional.ofNullable(object.getMetadata().getNamespace()).map(n -> n + "/")
        .orElse("") + object.getMetadata().getName();
  }

  /**
   * What must not drift, as a map: everything but the labels and annotations that say who installed it (Helm's
   * managed-by, chart and instance labels; kustomize's managed-by) and the comments' YAML.
   */
  private static Object comparable(HasMetadata object) {
    Map<String, Object> tree = Serialization.jsonMapper().convertValue(object, TreeMap.class);
    tree.remove("status");
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) tree.get("metadata");
    metadata.remove("labels");
    if (object instanceof Deployment deployment) {
      // the pod's labels may gain Helm's instance label; the selector and everything else must be the same
      Deployment copy = Serialization.clone(deployment);
      copy.getMetadata().setLabels(null);
      copy.getSpec().getTemplate().getMetadata().getLabels().remove("app.kubernetes.io/instance");
      Map<String, Object> deploymentTree = Serialization.jsonMapper().convertValue(copy, TreeMap.class);
      deploymentTree.remove("status");
      return deploymentTree;
    }
    return tree;
  }

  private static Object spec(HasMetadata object) {
    Map<?, ?> tree = Serialization.jsonMapper().convertValue(object, TreeMap.class);
    return tree.get("spec");
  }
}
