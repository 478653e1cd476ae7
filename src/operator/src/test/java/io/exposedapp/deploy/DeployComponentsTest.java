package io.exposedapp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.exposedapp.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The optional components of {@code deploy/components/}: {@code kubectl kustomize} renders the base alone and with each
 * of them, as docs/install.md shows; the NetworkPolicy lets in exactly the metrics port from the monitoring namespace
 * and out exactly DNS and the API server, and both API servers accept it. {@code kubectl} is needed for the rendering
 * (skipped, saying so, where it is not on the PATH).
 */
@Tag("real-apiserver")
class DeployComponentsTest {

  @RegisterExtension
  static final OperatorHarness api = OperatorHarness.apiServerOnly();

  private static final Path COMPONENTS = DeployManifests.DIR.resolve("components");
  private static final Path OVERLAYS = Path.of("src", "operator", "target", "overlays");
  private static boolean kubectl;

  @BeforeAll
  static void findKubectl() {
    try {
      kubectl = new ProcessBuilder("kubectl", "version", "--client").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      kubectl = false;
    }
  }

  /** {@code kubectl kustomize DIR}: the objects it renders. */
  private static List<HasMetadata> kustomize(Path dir) throws Exception {
    Assumptions.assumeTrue(kubectl, "kubectl is not on the PATH");
    Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("kubectl kustomize %s: %s", dir, err).isZero();
    List<HasMetadata> objects = new java.util.ArrayList<>();
    for (String doc : out.split("(?m)^---$")) {
      if (!doc.isBlank()) {
        objects.add(Serialization.unmarshal(doc));
      }
    }
    return objects;
  }

  /** The overlay docs/install.md shows: the base plus one component, in the operator's namespace. */
  private static Path overlayWith(String component) throws IOException {
    Path overlay = OVERLAYS.resolve(component);
    Files.createDirectories(overlay);
    Path base = overlay.toAbsolutePath().relativize(DeployManifests.DIR.toAbsolutePath());
    Files.writeString(overlay.resolve("kustomization.yaml"), """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: exposedapp-system
        resources:
          - %s
        components:
          - %s/components/%s
        """.formatted(base, base, component));
    return overlay;
  }

  @Test
  void theBaseRendersWithoutAnyComponent() throws Exception {
    List<String> kinds = kustomize(DeployManifests.DIR).stream().map(HasMetadata::getKind).toList();
    assertThat(kinds).contains("Deployment", "ClusterRole", "Service")
        .doesNotContain("PrometheusRule", "ServiceMonitor", "NetworkPolicy");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"prometheus-rule, PrometheusRule", "service-monitor, ServiceMonitor", "network-policy, NetworkPolicy"})
  void eachComponentRendersWithTheBaseInTheOperatorsNamespace(String component, String kind) throws Exception {
    List<HasMetadata> objects = kustomize(overlayWith(component));

    assertThat(objects).filteredOn(o -> o.getKind().equals(kind)).singleElement()
        .satisfies(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("exposedapp-system"));
    assertThat(objects).extracting(HasMetadata::getKind).contains("Deployment");
  }

  @Test
  void theKustomizationNamesEveryComponentInItsCommentsAndEachFolderIsAComponent() throws IOException {
    String kustomization = Files.readString(DeployManifests.KUSTOMIZATION);
    try (Stream<Path> dirs = Files.list(COMPONENTS)) {
      for (Path dir : dirs.toList()) {
        assertThat(kustomization).contains("#   - components/" + dir.getFileName());
        assertThat(Files.readString(dir.resolve("kustomization.yaml"))).contains("kind: Component");
      }
    }
  }

  private static NetworkPolicy networkPolicy() {
    try {
      return Serialization.unmarshal(Files.readString(COMPONENTS.resolve("network-policy/networkpolicy.yaml")),
          NetworkPolicy.class);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theNetworkPolicyLetsInOnlyTheMetricsPortFromMonitoringAndOutOnlyDnsAndTheApiServer() {
    NetworkPolicy policy = networkPolicy();
    var deployment = DeployManifests.load().deployment();
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
      assertThat(rule.getFrom()).singleElement().satisfies(peer -> assertThat(peer.getNamespaceSelector()
          .getMatchLabels()).isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring")));
      assertThat(rule.getPorts()).extracting(p -> p.getPort().getStrVal()).containsExactly("metrics");
    });
    assertThat(container.getPorts()).extracting(ContainerPort::getName).contains("metrics", "health");
    assertThat(policy.getSpec().getEgress()).flatExtracting(r -> r.getPorts())
        .extracting(DeployComponentsTest::describe)
        .containsExactlyInAnyOrder("53/UDP", "53/TCP", "443/TCP", "6443/TCP");
  }

  private static String describe(NetworkPolicyPort port) {
    return port.getPort().getIntVal() + "/" + port.getProtocol();
  }

  @Test
  void bothApiServersAcceptTheNetworkPolicy() {
    String ns = api.newNamespace();
    NetworkPolicy created = api.client().network().v1().networkPolicies().inNamespace(ns).resource(networkPolicy())
        .create();
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getSpec().getEgress()).hasSize(2);
  }
}
