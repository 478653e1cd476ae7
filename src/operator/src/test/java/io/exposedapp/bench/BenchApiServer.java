package io.exposedapp.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.exposedapp.allocation.PortRange;
import io.exposedapp.testing.DeployIdentity;
import io.exposedapp.testing.OperatorProcess;
import io.exposedapp.testing.RealApiServerBinaries;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * A real kube-apiserver and etcd for the large-cluster benchmark, started by kube-api-test from the binaries of the
 * real-apiserver tier, with two differences from the tier's:
 * <ul>
 *   <li>Service IPs from a /16: kube-api-test passes {@code --service-cluster-ip-range=10.0.0.0/24} after any flag
 *       given to it (and the last occurrence of a flag wins), which holds 254 Services. A copy of the binaries'
 *       directory under {@code target/bench} has the same etcd and kubectl, and a {@code kube-apiserver} script that
 *       runs the real one with that one value replaced.</li>
 *   <li>An audit log at level Metadata: who made which request, to count the operator's by User-Agent, as the
 *       API test server's request log does for the other benchmarks.</li>
 * </ul>
 */
final class BenchApiServer implements AutoCloseable {

  private static final String KUBE_API_TEST_SERVICE_IPS = "10.0.0.0/24";
  private static final String SERVICE_IPS = "10.0.0.0/16";
  /** deploy/'s ServiceAccount, as which the operator processes run. */
  static final String OPERATOR_USER = "system:serviceaccount:" + OperatorProcess.OPERATOR_NAMESPACE
      + ":exposedapp-operator";

  private final KubeAPIServer server;
  private final Config admin;
  private final Path auditLog;
  private final Path kubeconfig;
  private final String version;
  private final Path kubectl;
  private String operatorToken;

  private BenchApiServer(KubeAPIServer server, Config admin, Path auditLog, Path kubeconfig, String version,
      Path kubectl) {
    this.kubectl = kubectl;
    this.server = server;
    this.admin = admin;
    this.auditLog = auditLog;
    this.kubeconfig = kubeconfig;
    this.version = version;
  }

  static BenchApiServer start(PortRange nodePortRange, Path work) throws IOException {
    Path binaries = RealApiServerBinaries.find()
        .orElseThrow(() -> new IllegalStateException(RealApiServerBinaries.MISSING));
    String version = RealApiServerBinaries.version(binaries);
    Path root = work.resolve("kubeapitest");
    Path copy = root.resolve("k8s").resolve(binaries.getFileName());
    Files.createDirectories(copy);
    for (String binary : List.of("etcd", "kubectl")) {
      Files.deleteIfExists(copy.resolve(binary));
      Files.createSymbolicLink(copy.resolve(binary), binaries.resolve(binary).toRealPath());
    }
    Path apiServer = copy.resolve("kube-apiserver");
    Files.writeString(apiServer, """
        #!/bin/sh
        # written by io.exposedapp.bench.BenchApiServer: the real kube-apiserver with a /16 of Service IPs
        for arg do
          shift
          [ "$arg" = "%s" ] && arg="%s"
          set -- "$@" "$arg"
        done
        exec %s "$@"
        """.formatted(KUBE_API_TEST_SERVICE_IPS, SERVICE_IPS, binaries.resolve("kube-apiserver").toRealPath()));
    Files.setPosixFilePermissions(apiServer, PosixFilePermissions.fromString("rwxr-xr-x"));
    // the operator's requests only: auditing the writers' too would cost the API server as much again
    Path policy = Files.writeString(work.resolve("audit-policy.yaml"), """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: ["RequestReceived"]
        rules:
          - level: Metadata
            users: ["%s"]
          - level: None
        """.formatted(OPERATOR_USER));
    Path auditLog = work.resolve("audit.log");
    Files.deleteIfExists(auditLog);
    KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withTestDir(root.toString())
        .withApiServerVersion(version)
        .withOfflineMode(true)
        .withStartupTimeout(120_000)
        .withApiServerFlag("--service-node-port-range", nodePortRange.start() + "-" + nodePortRange.end())
        .withApiServerFlag("--audit-policy-file", policy.toAbsolutePath().toString())
        .withApiServerFlag("--audit-log-path", auditLog.toAbsolutePath().toString())
        .withApiServerFlag("--audit-log-maxsize", "0")
        .build());
    server.start();
    Config admin = Config.fromKubeconfig(server.getKubeConfigYaml());
    Path kubeconfig = Files.writeString(work.resolve("admin.kubeconfig"), server.getKubeConfigYaml());
    BenchApiServer started = new BenchApiServer(server, admin, auditLog, kubeconfig, version,
        binaries.resolve("kubectl"));
    started.installCrds(Path.of("crds"));
    return started;
  }

  private void installCrds(Path crds) throws IOException {
    try (KubernetesClient client = newClient(); Stream<Path> files = Files.list(crds).sorted()) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
        List<HasMetadata> items;
        try (InputStream in = Files.newInputStream(file)) {
          items = client.load(in).items();
        }
        for (HasMetadata crd : items) {
          client.resource(crd).create();
          long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
          while (!established(client.apiextensions().v1().customResourceDefinitions()
              .withName(crd.getMetadata().getName()).get())) {
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException(crd.getMetadata().getName() + " not Established");
            }
            OperatorProcess.sleep(50);
          }
        }
      }
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
  }

  KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(admin).build();
  }

  Config adminConfig() {
    return admin;
  }

  /** The administrator's kubeconfig (kubectl's). */
  Path kubeconfig() {
    return kubeconfig;
  }

  /**
   * A kubeconfig for operator processes, as deployed: deploy/'s ServiceAccount and RBAC ({@link DeployIdentity}),
   * reaching the API server at {@code port} of loopback (the server's own, or a link's).
   */
  Path operatorKubeconfig(Path file, int port) throws IOException {
    if (operatorToken == null) {
      try (KubernetesClient client = newClient()) {
        operatorToken = DeployIdentity.install(client);
      }
    }
    String ca = admin.getCaCertData() != null ? admin.getCaCertData()
        : java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(admin.getCaCertFile())));
    return Files.writeString(file, """
        apiVersion: v1
        kind: Config
        clusters:
          - name: bench
            cluster:
              server: https://127.0.0.1:%d
              certificate-authority-data: %s
        users:
          - name: exposedapp-operator
            user:
              token: %s
        contexts:
          - name: bench
            context:
              cluster: bench
              user: exposedapp-operator
              namespace: default
        current-context: bench
        """.formatted(port, ca, operatorToken));
  }

  /** The API server's port on loopback. */
  int port() {
    return java.net.URI.create(admin.getMasterUrl()).getPort();
  }

  /** The kubectl of the same version, as users write. */
  Path kubectl() {
    return kubectl;
  }

  Path auditLog() {
    return auditLog;
  }

  String version() {
    return version;
  }

  /** The API server's own figures ({@code /metrics}). */
  String metrics(KubernetesClient client) {
    return client.raw("/metrics");
  }

  private static final Pattern BUCKET = Pattern.compile("le=\"([^\"]+)\"[^}]*} (\\S+)$");

  /**
   * The API server's latency of {@code verb} requests to {@code resource}, from its histogram
   * {@code apiserver_request_duration_seconds} between two scrapes: [count, p50, p99, p99.9, largest bucket reached]
   * in seconds (a bucket's upper bound; kube-apiserver's buckets are 5 ms to 60 s).
   */
  static double[] latency(String before, String after, String verb, String resource) {
    java.util.TreeMap<Double, Double> b = buckets(before, verb, resource);
    java.util.TreeMap<Double, Double> a = buckets(after, verb, resource);
    java.util.TreeMap<Double, Double> diff = new java.util.TreeMap<>();
    a.forEach((le, n) -> diff.put(le, n - b.getOrDefault(le, 0.0)));
    double count = diff.isEmpty() ? 0 : diff.lastEntry().getValue();
    double largest = 0;
    double previous = 0;
    for (var e : diff.entrySet()) {
      if (e.getValue() > previous && !e.getKey().isInfinite()) {
        largest = e.getKey();
      }
      previous = e.getValue();
    }
    return new double[] {count, quantile(diff, count, 0.5), quantile(diff, count, 0.99), quantile(diff, count, 0.999),
        largest};
  }

  private static double quantile(java.util.TreeMap<Double, Double> cumulative, double count, double q) {
    for (var e : cumulative.entrySet()) {
      if (e.getValue() >= q * count) {
        return e.getKey();
      }
    }
    return Double.NaN;
  }

  private static java.util.TreeMap<Double, Double> buckets(String metrics, String verb, String resource) {
    java.util.TreeMap<Double, Double> buckets = new java.util.TreeMap<>();
    for (String line : metrics.split("\n")) {
      if (line.startsWith("apiserver_request_duration_seconds_bucket{") && line.contains("verb=\"" + verb + "\"")
          && line.contains("resource=\"" + resource + "\"")) {
        Matcher m = BUCKET.matcher(line);
        if (m.find()) {
          double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
          buckets.merge(le, Double.parseDouble(m.group(2)), Double::sum);
        }
      }
    }
    return buckets;
  }

  @Override
  public void close() {
    server.stop();
  }
}
