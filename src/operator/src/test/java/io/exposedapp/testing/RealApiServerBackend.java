package io.exposedapp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.exposedapp.allocation.PortRange;
import io.exposedapp.apiserver.ApiTestServer;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * A real kube-apiserver with etcd, started by fabric8's kube-api-test from the binaries in
 * {@code ~/.kubeapitest/k8s/<version>-linux-amd64/} ({@code KUBE_API_TEST_DIR} moves it), offline. It runs no
 * kube-controller-manager: no garbage collection, no namespace deletion, no quota status.
 */
final class RealApiServerBackend implements Backend {

  private final KubeAPIServer server;
  private final Config admin;
  private final String version;

  private RealApiServerBackend(KubeAPIServer server, Config admin, String version) {
    this.server = server;
    this.admin = admin;
    this.version = version;
  }

  static RealApiServerBackend start(PortRange nodePortRange, Path crds) {
    Path binaries = RealApiServerBinaries.find()
        .orElseThrow(() -> new IllegalStateException(RealApiServerBinaries.MISSING));
    KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withApiServerVersion(RealApiServerBinaries.version(binaries))
        // binaries are placed by hand or were downloaded before; never fetched in a test run
        .withOfflineMode(true)
        // kube-api-test's default is 60 s; on 2 cores busy with the test JVM, etcd and kube-apiserver once took longer
        .withStartupTimeout(120_000)
        // the harness's range (the real default unless a test chose another); the operator's lies within it
        .withApiServerFlag("--service-node-port-range", nodePortRange.start() + "-" + nodePortRange.end())
        .build());
    server.start();
    Config admin = Config.fromKubeconfig(server.getKubeConfigYaml());
    admin.setNamespace("default");
    installCrds(admin, crds);
    return new RealApiServerBackend(server, admin, RealApiServerBinaries.version(binaries));
  }

  /** As a user would: kubectl apply -f crds/, then wait until each CRD is Established. */
  private static void installCrds(Config admin, Path crds) {
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(admin).build();
        Stream<Path> files = Files.isDirectory(crds) ? Files.list(crds).sorted() : Stream.of(crds)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).toList()) {
        List<HasMetadata> items;
        try (InputStream in = Files.newInputStream(file)) {
          items = client.load(in).items();
        }
        for (HasMetadata crd : items) {
          client.resource(crd).create();
          Waits.await().until(() -> isEstablished(
              client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName()).get()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Just created, a CRD may have a status without conditions yet. */
  private static boolean isEstablished(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
        .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
  }

  @Override
  public Config adminConfig() {
    return admin;
  }

  @Override
  public int kubernetesMinor() {
    return Integer.parseInt(version.split("\\.")[1]);
  }

  @Override
  public Path writeKubeconfig(Path file) {
    try {
      return java.nio.file.Files.writeString(file, server.getKubeConfigYaml());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public Optional<ApiTestServer> apiTestServer() {
    return Optional.empty();
  }

  @Override
  public boolean collectsGarbage() {
    return false;
  }

  @Override
  public String describe() {
    return "a real kube-apiserver v" + version + " (kube-api-test)";
  }

  @Override
  public void close() {
    server.stop();
  }
}
