package io.exposedapp.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngressBuilder;

/**
 * kubectl (the real binary, v1.32 here) against the API test server: discovery, OpenAPI, Tables, client-side and
 * server-side apply, HTTP watches and wait. Skipped, saying so, where kubectl is not on the PATH.
 */
class KubectlTest {

  @RegisterExtension
  static final ApiTestServerExtension api = new ApiTestServerExtension();

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
    kubeconfig = api.server().writeKubeconfig(dir.resolve("kubeconfig"));
  }

  record Result(int exitCode, String out) {
  }

  static Result kubectl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(ApiTestServerExtension.WAIT.toSeconds(), TimeUnit.SECONDS)).as("kubectl %s finished", String.join(" ", args)).isTrue();
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  static Path file(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }

  static String service(String name, int targetPort) {
    return """
        apiVersion: v1
        kind: Service
        metadata:
          name: %s
        spec:
          type: NodePort
          selector: {app: %s}
          ports:
            - name: http
              port: 80
              targetPort: %d
        """.formatted(name, name, targetPort);
  }

  @Test
  void getPrintsTheCrdPrinterColumns() throws Exception {
    kubectl("apply", "-f", file("w-columns.yaml", """
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: columns}
        spec: {size: 7}
        """).toString());
    Result r = kubectl("get", "wdg", "columns");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out().lines().findFirst().orElseThrow().split("\\s+")).containsExactly("NAME", "SIZE", "READY", "AGE");
    assertThat(r.out().lines().skip(1).findFirst().orElseThrow()).startsWith("columns").contains(" 7 ");
  }

  @Test
  void clientSideApplyCreatesThenReportsUnchangedThenConfiguresABuiltInKind() throws Exception {
    Path v1 = file("svc-csa-1.yaml", service("csa", 8080));
    assertThat(kubectl("apply", "-f", v1.toString()).out()).contains("service/csa created");
    assertThat(kubectl("apply", "-f", v1.toString()).out()).contains("service/csa unchanged");
    Path v2 = file("svc-csa-2.yaml", service("csa", 9090));
    assertThat(kubectl("apply", "-f", v2.toString()).out()).contains("service/csa configured");
    assertThat(api.client().services().withName("csa").get().getSpec().getPorts().get(0).getTargetPort()
        .getIntVal()).isEqualTo(9090);
  }

  @Test
  void serverSideApplyRecordsKubectlAsAnApplyManager() throws Exception {
    Path f = file("svc-ssa.yaml", service("ssa", 8080));
    Result r = kubectl("apply", "--server-side", "-f", f.toString());
    assertThat(r.out()).contains("service/ssa serverside-applied");
    assertThat(api.client().services().withName("ssa").get().getMetadata().getManagedFields())
        .anySatisfy(m -> {
          assertThat(m.getManager()).isEqualTo("kubectl");
          assertThat(m.getOperation()).isEqualTo("Apply");
        });
  }

  @Test
  void describeShowsTheAllocatedNodePort() throws Exception {
    kubectl("apply", "-f", file("svc-describe.yaml", service("described", 8080)).toString());
    int nodePort = api.client().services().withName("described").get().getSpec().getPorts().get(0).getNodePort();
    Result r = kubectl("describe", "svc", "described");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).containsPattern("NodePort:\\s+http\\s+" + nodePort + "/TCP");
  }

  @Test
  void getWatchPrintsLaterChanges() throws Exception {
    kubectl("apply", "-f", file("w-watch.yaml", """
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: watched}
        spec: {size: 1}
        """).toString());
    Process watch = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(), "get", "wdg", "watched",
        "-w", "--request-timeout=0").redirectErrorStream(true).start();
    try {
      await().atMost(ApiTestServerExtension.WAIT).until(() -> api.server().openWatches() > 0);
      kubectl("patch", "wdg", "watched", "--type=merge", "-p", "{\"spec\":{\"size\":42}}");
      String seen = readUntil(watch, " 42 ", Duration.ofSeconds(10));
      assertThat(seen).contains(" 42 ");
    } finally {
      watch.destroy();
    }
  }

  @Test
  void waitForConditionReadyReturnsOnceTheStatusSaysSo() throws Exception {
    kubectl("apply", "-f", file("w-wait.yaml", """
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: waited}
        spec: {size: 1}
        """).toString());
    Process wait = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(), "wait",
        "--for=condition=Ready", "wdg/waited", "--timeout=20s").redirectErrorStream(true).start();
    await().atMost(ApiTestServerExtension.WAIT).until(() -> api.server().openWatches() > 0);
    var widgets = api.client().genericKubernetesResources(CrudTest.WIDGETS);
    GenericKubernetesResource w = widgets.withName("waited").get();
    w.setAdditionalProperty("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True"))));
    widgets.resource(w).updateStatus();
    assertThat(wait.waitFor(ApiTestServerExtension.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(new String(wait.getInputStream().readAllBytes())).contains("condition met");
    assertThat(wait.exitValue()).isZero();
  }

  @Test
  void waitForAnIngressAddressReturnsOnceAControllerWritesIt() throws Exception {
    api.client().network().v1().ingresses().resource(new IngressBuilder().withNewMetadata().withName("alb")
        .endMetadata().withNewSpec().withIngressClassName("alb").endSpec().build()).create();
    Process wait = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(), "wait",
        "--for=jsonpath={.status.loadBalancer.ingress[0].hostname}=alb-1.example.com", "ingress/alb",
        "--timeout=20s").redirectErrorStream(true).start();
    await().atMost(ApiTestServerExtension.WAIT).until(() -> api.server().openWatches() > 0);
    var ingress = api.client().network().v1().ingresses().withName("alb").get();
    ingress.setStatus(new io.fabric8.kubernetes.api.model.networking.v1.IngressStatusBuilder().withNewLoadBalancer()
        .withIngress(new IngressLoadBalancerIngressBuilder().withHostname("alb-1.example.com").build())
        .endLoadBalancer().build());
    api.client().network().v1().ingresses().resource(ingress).updateStatus();
    assertThat(wait.waitFor(ApiTestServerExtension.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(wait.exitValue()).as(new String(wait.getInputStream().readAllBytes())).isZero();
  }

  @Test
  void explainShowsTheCrdDescriptions() throws Exception {
    Result r = kubectl("explain", "widget.spec");
    assertThat(r.exitCode()).as(r.out()).isZero();
    assertThat(r.out()).contains("What the widget should be.").contains("size").contains("How big.");
  }

  @Test
  void deleteRemovesTheObject() throws Exception {
    Path f = file("svc-delete.yaml", service("deleted", 8080));
    kubectl("apply", "-f", f.toString());
    assertThat(kubectl("delete", "-f", f.toString()).out()).contains("service \"deleted\" deleted");
    assertThat(api.client().services().withName("deleted").get()).isNull();
  }

  private static String readUntil(Process p, String marker, Duration timeout) throws Exception {
    StringBuilder out = new StringBuilder();
    long deadline = System.nanoTime() + timeout.toNanos();
    var in = p.getInputStream();
    while (System.nanoTime() < deadline && !out.toString().contains(marker)) {
      if (in.available() > 0) {
        out.append((char) in.read());
      } else {
        Thread.sleep(20);
      }
    }
    return out.toString();
  }
}
