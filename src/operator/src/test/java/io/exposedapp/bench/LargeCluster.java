package io.exposedapp.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.exposedapp.ExposedAppOperator;
import io.exposedapp.allocation.PortRange;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.testing.CrowdedCluster;
import io.exposedapp.testing.OperatorProcess;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The large-cluster scenario on a real kube-apiserver ({@code -Dbench.only=large}): {@code scaled(10,000)} apps
 * applied by four writers in a range of twice as many ports, then a restart, then the failover of a killed and of a
 * partitioned leader to a standby. The operator runs from the shaded jar with the image's JVM flags and the
 * Deployment's memory limit, as in the other benchmarks; every figure is taken from outside the process.
 */
final class LargeCluster {

  private static final int WRITERS = 4;
  /** Restarts after the measured one, each to /readyz only. */
  private static final int MORE_RESTARTS = 2;
  private static final io.fabric8.kubernetes.client.utils.KubernetesSerialization SERIALIZATION =
      new io.fabric8.kubernetes.client.utils.KubernetesSerialization();
  private static final String SCENARIO = "Large cluster on kube-apiserver";

  private final Path jar;
  private final Report report;
  private final int apps = Benchmarks.scaled(10_000);
  private final PortRange range = new PortRange(30000, 30000 + 2 * apps - 1);
  private final Path out = Benchmarks.OUT.resolve("large");
  private int runs;

  LargeCluster(Path jar, Report report) {
    this.jar = jar;
    this.report = report;
  }

  void run() throws Exception {
    Files.createDirectories(out);
    try (BenchApiServer server = BenchApiServer.start(range, out);
        KubernetesClient client = server.newClient()) {
      String scenario = SCENARIO + " v" + server.version() + ": " + apps + " apps, range " + range.start() + "-"
          + range.end();
      for (int i = 0; i < Benchmarks.NAMESPACES; i++) {
        namespace(client, Workload.namespace(i));
      }
      Path direct = server.operatorKubeconfig(out.resolve("operator.kubeconfig"), server.port());
      AuditLog audit = new AuditLog(server.auditLog());
      OperatorProcess first = start(direct);
      first.awaitReady(Duration.ofMinutes(2));
      Benchmarks.awaitLeader(client, first.identity(), Duration.ofMinutes(2));
      try (Observer observer = new Observer(server.newClient())) {
        OperatorProcess leader = fill(scenario, server, client, audit, observer, first);
        leader = restart(scenario, client, audit, leader, direct);
        failover(scenario, server, client, observer, leader);
      }
    }
  }

  /** Four {@code kubectl apply -f} write every app; then the lag of the last Ready, requests and latencies. */
  private OperatorProcess fill(String scenario, BenchApiServer server, KubernetesClient client, AuditLog audit,
      Observer observer, OperatorProcess operator) throws Exception {
    List<ExposedApp> all = Workload.apps(apps, false, Benchmarks.NAMESPACES);
    List<Path> files = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      StringBuilder yaml = new StringBuilder();
      for (int i = w; i < all.size(); i += WRITERS) {
        yaml.append("---\n").append(SERIALIZATION.asYaml(all.get(i)).replaceFirst("^---\n", ""));
      }
      files.add(Files.writeString(out.resolve("apps-" + w + ".yaml"), yaml));
    }
    String metricsBefore = server.metrics(client);
    long mark = audit.mark();
    long start = System.nanoTime();
    // as users write: kubectl apply (a GET and a create per app), four at once
    List<Process> writers = new ArrayList<>();
    for (Path file : files) {
      writers.add(new ProcessBuilder(server.kubectl().toString(), "--kubeconfig", server.kubeconfig().toString(),
          "apply", "-f", file.toString()).redirectErrorStream(true)
          .redirectOutput(out.resolve(file.getFileName() + ".out").toFile()).start());
    }
    for (Process writer : writers) {
      if (writer.waitFor() != 0) {
        throw new IllegalStateException("kubectl apply failed: see " + out);
      }
    }
    long lastApplied = System.nanoTime();
    long allReady = observer.awaitAllReady(Workload.keys(all), Duration.ofMinutes(30));
    String metricsAfter = server.metrics(client);
    report.row(scenario, "four kubectl apply -f, a quarter of the apps each (s)", null,
        (lastApplied - start) / 1e9, "", null);
    report.row(scenario, "first apply -> every app Ready (s)", null, (allReady - start) / 1e9, "", null);
    double lag = (allReady - lastApplied) / 1e9;
    report.row(scenario, "last apply returned -> every app Ready (s)", null, lag, "<= 5 s", lag <= 5);
    int duplicates = CrowdedCluster.duplicateNodePorts(client.services().inAnyNamespace().list().getItems(), range,
        apps);
    report.row(scenario, "nodePorts duplicated (every app allocated)", null, (double) duplicates, "0",
        duplicates == 0);
    // the audit log is written as requests complete: a moment for the last ones
    OperatorProcess.sleep(2000);
    report.apiCalls(Benchmarks.Subject.OPERATOR, "the large fill of " + apps + " apps on kube-apiserver",
        audit.since(mark, ExposedAppOperator.USER_AGENT), apps);
    for (String verb : List.of("GET", "PATCH")) {
      double[] l = BenchApiServer.latency(metricsBefore, metricsAfter, verb, "leases");
      report.row(scenario, "API server latency of " + verb + " leases while filling, " + (long) l[0]
          + " requests: p50 / p99 / p99.9 / largest bucket reached (ms)", null, null,
          String.format(java.util.Locale.ROOT, "%.0f / %.0f / %.0f / %.0f", l[1] * 1000, l[2] * 1000, l[3] * 1000,
              l[4] * 1000), null);
    }
    for (String resource : List.of("services", "exposedapps")) {
      double[] l = BenchApiServer.latency(metricsBefore, metricsAfter, "APPLY", resource);
      report.row(scenario, "API server latency of server-side apply of " + resource
          + " while filling: p99 / largest bucket (ms)", null, null,
          String.format(java.util.Locale.ROOT, "%.0f / %.0f", l[2] * 1000, l[4] * 1000), null);
    }
    OperatorProcess.sleep(Benchmarks.IDLE.toMillis());
    memory(operator, "steady state, " + apps + " apps", scenario);
    return operator;
  }

  /** SIGTERM, then a new process: its peak RSS while it lists and reconciles every app, start -> Ready, writes. */
  private OperatorProcess restart(String scenario, KubernetesClient client, AuditLog audit, OperatorProcess old,
      Path kubeconfig) throws IOException {
    old.close();
    long mark = audit.mark();
    OperatorProcess next = start(kubeconfig);
    AtomicLong peakRss = new AtomicLong();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          peakRss.accumulateAndGet(next.rssBytes(), Math::max);
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          // the process is gone
          return;
        }
      }
    }, "rss-sampler");
    sampler.start();
    long ready = next.awaitReady(Duration.ofMinutes(5));
    long leader = Benchmarks.awaitLeader(client, next.identity(), Duration.ofMinutes(2));
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (next.metric("exposedapp_reconciles_total") < apps && System.nanoTime() < deadline) {
      OperatorProcess.sleep(100);
    }
    long allReconciled = System.nanoTime();
    if (Boolean.getBoolean("bench.heapHistogram")) {
      Files.writeString(out.resolve("heap-histogram-restart-reconciled.txt"), next.heapHistogram());
    }
    if (System.getProperty("bench.operatorJvmArgs", "").contains("StartFlightRecording")) {
      // this process is killed in the failover: its recording would be lost
      next.dumpFlightRecording(out.resolve("restart.jfr"));
    }
    OperatorProcess.sleep(Benchmarks.IDLE.toMillis());
    sampler.interrupt();
    String restart = scenario + ", restart (SIGTERM, new process)";
    // the target is judged on the median of three restarts (below)
    report.row(restart, "process start -> /readyz, every cache synced (s)", null, (ready - next.startedAt()) / 1e9,
        "", null);
    report.row(restart, "process start -> leader (s)", null, (leader - next.startedAt()) / 1e9, "", null);
    report.row(restart, "process start -> every app reconciled (s)", null, (allReconciled - next.startedAt()) / 1e9,
        "", null);
    OperatorProcess.sleep(1000);
    Benchmarks.ApiCalls calls = audit.since(mark, ExposedAppOperator.USER_AGENT);
    report.row(restart, "writes other than the Lease, start + " + Benchmarks.IDLE.toSeconds() + " s", null,
        (double) calls.writesExceptLease(), "0", calls.writesExceptLease() == 0);
    if (calls.writesExceptLease() > 0) {
      report.note("writes after the restart: " + calls.writes());
    }
    double peak = peakRss.get() / 1048576.0;
    report.row(restart, "peak RSS from start to every app reconciled + " + Benchmarks.IDLE.toSeconds() + " s (MiB)",
        null, peak, "<= 300 MiB", peak <= 300);
    memory(next, "after the restart, " + apps + " apps", restart);
    // start -> /readyz moves by seconds from run to run with the API server's pace: more restarts give its spread
    List<Double> readyTimes = new ArrayList<>(List.of((ready - next.startedAt()) / 1e9));
    OperatorProcess current = next;
    for (int i = 0; i < MORE_RESTARTS; i++) {
      current.close();
      current = start(kubeconfig);
      readyTimes.add((current.awaitReady(Duration.ofMinutes(5)) - current.startedAt()) / 1e9);
      Benchmarks.awaitLeader(client, current.identity(), Duration.ofMinutes(2));
    }
    List<Double> sorted = readyTimes.stream().sorted().toList();
    double median = sorted.get(sorted.size() / 2);
    report.row(restart, "process start -> /readyz in " + readyTimes.size() + " restarts, each (s)", null, null,
        readyTimes.stream().map(t -> String.format(java.util.Locale.ROOT, "%.2f", t))
            .collect(java.util.stream.Collectors.joining(" / ")), null);
    report.row(restart, "process start -> /readyz, median of " + readyTimes.size() + " restarts (s)", null, median,
        "<= 10 s", median <= 10);
    return current;
  }

  /**
   * A standby joins behind a link that can be cut; the leader is killed (SIGKILL) and a new app applied; then another
   * standby joins, the first (now leading) is cut off from the API server, and another app applied.
   */
  private void failover(String scenario, BenchApiServer server, KubernetesClient client, Observer observer,
      OperatorProcess leader) throws Exception {
    String failover = scenario + ", failover to a warm standby";
    URI api = URI.create(server.adminConfig().getMasterUrl());
    try (PartitionableLink link = new PartitionableLink(new InetSocketAddress(api.getHost(), api.getPort()))) {
      OperatorProcess standby = start(server.operatorKubeconfig(out.resolve("linked.kubeconfig"), link.port()));
      standby.awaitReady(Duration.ofMinutes(5));
      long killed = System.nanoTime();
      leader.kill();
      ExposedApp app = Workload.apps(1, false, 1, "team-").get(0);
      app.getMetadata().setName("after-kill");
      client.resource(app).create();
      long ready = observer.awaitAllReady(List.of(Observer.key(app)), Duration.ofMinutes(2));
      long leading = Benchmarks.awaitLeader(client, standby.identity(), Duration.ofMinutes(1));
      report.row(failover, "leader killed -> standby holds the Lease (s)", null, (leading - killed) / 1e9, "", null);
      report.row(failover, "leader killed -> a new app Ready (s)", null, (ready - killed) / 1e9, "<= 10 s",
          (ready - killed) / 1e9 <= 10);

      OperatorProcess second = start(out.resolve("operator.kubeconfig"));
      second.awaitReady(Duration.ofMinutes(5));
      long cut = System.nanoTime();
      link.partition();
      app.getMetadata().setName("after-partition");
      app.getMetadata().setResourceVersion(null);
      app.getMetadata().setUid(null);
      client.resource(app).create();
      long readyAfterCut = observer.awaitAllReady(List.of(Observer.key(app)), Duration.ofMinutes(2));
      long takenOver = Benchmarks.awaitLeader(client, second.identity(), Duration.ofMinutes(1));
      report.row(failover, "leader cut off -> standby holds the Lease (s)", null, (takenOver - cut) / 1e9, "", null);
      report.row(failover, "leader cut off -> a new app Ready (s)", null, (readyAfterCut - cut) / 1e9, "<= 10 s",
          (readyAfterCut - cut) / 1e9 <= 10);
      boolean exited = standby.awaitExit(Duration.ofMinutes(1));
      long gone = System.nanoTime();
      report.row(failover, "leader cut off -> it exits (s)", null, exited ? (gone - cut) / 1e9 : null,
          "exits", exited);
      String log = standby.log();
      report.row(failover, "the cut-off leader's log: lines about the Lease / stack trace lines", null, null,
          log.lines().filter(l -> l.contains("LeaderElector") || l.contains("Lease")).count() + " / "
              + log.lines().filter(l -> l.startsWith("\tat ")).count(), null);
      second.close();
      standby.close();
    }
  }

  private void memory(OperatorProcess operator, String what, String scenario) throws IOException {
    if (Boolean.getBoolean("bench.heapHistogram")) {
      Files.writeString(out.resolve("heap-histogram-" + what.replaceAll("[^0-9a-z]+", "-") + ".txt"),
          operator.heapHistogram());
    }
    report.row(scenario, "live heap after full GC, " + what + " (MiB)", null, operator.liveHeapBytes() / 1048576.0, "",
        null);
    double rss = operator.rssBytes() / 1048576.0;
    report.row(scenario, "RSS, " + what + " (MiB)", null, rss, "<= 300 MiB", rss <= 300);
  }

  private OperatorProcess start(Path kubeconfig) {
    String identity = "operator-" + (++runs);
    return OperatorProcess.start(jar, kubeconfig, identity,
        Map.of("EXPOSEDAPP_NODE_PORT_RANGE", range.start() + "-" + range.end()), out.resolve(identity + ".log"));
  }

  private static void namespace(KubernetesClient client, String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }
}
