package io.exposedapp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import io.exposedapp.ExposedAppOperator;
import io.exposedapp.allocation.PortRange;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.apiserver.ApiTestServer;
import io.exposedapp.testing.CrowdedCluster;
import io.exposedapp.testing.OperatorProcess;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The benchmarks of docs/BENCHMARKS.md: {@code mvn -Pbench verify} (argument: the operator's shaded jar). Each
 * scenario runs twice on a fresh API test server in this JVM, once with the baseline ({@link BaselineController}) and
 * once with the operator in its own JVM ({@link OperatorProcess}); the table reports operator/baseline. Sizes scale
 * with {@code -Dbench.scale} (1 = the sizes of the issue).
 */
public final class Benchmarks {

  static final double SCALE = Double.parseDouble(System.getProperty("bench.scale", "1"));
  static final int NAMESPACES = 10;
  static final int WARM_UP_APPS = 300;
  static final PortRange FULL_RANGE = new PortRange(30000, 32767);
  static final Path OUT = Path.of("target", "bench");
  static final Set<String> ONLY = Set.of(System.getProperty("bench.only", "all").split(","));
  static final Duration IDLE = Duration.ofSeconds(Math.max(10, Math.round(60 * Math.min(1, SCALE))));

  enum Subject {
    BASELINE, OPERATOR
  }

  private final Path jar;
  private final Report report = new Report();
  private int operatorRuns;
  /** The operator's live heap once ready in a cluster with no Service (bytes), from the first stage that has it. */
  private long emptyClusterHeapAtReady;

  private Benchmarks(Path jar) {
    this.jar = jar;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1 || !Files.isRegularFile(Path.of(args[0]))) {
      throw new IllegalArgumentException("usage: Benchmarks <exposedapp-operator.jar>");
    }
    Files.createDirectories(OUT);
    new Benchmarks(Path.of(args[0])).run();
    System.exit(0);
  }

  private void run() throws Exception {
    report.context("scale " + SCALE + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
        + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
        + "; operator JVM flags " + String.join(" ", OperatorProcess.CONTAINER_JVM));
    if (ONLY.contains("large")) {
      // a real kube-apiserver: only when asked for by name (it needs the tier's binaries and takes half an hour)
      new LargeCluster(jar, report).run();
    }
    if (!ONLY.equals(Set.of("large"))) {
      warmUpThisJvm();
    }
    if (selected("latency")) {
      latencyAt20PerSecond();
    }
    if (selected("burst")) {
      burst();
    }
    if (selected("fullRange")) {
      fullRange();
    }
    if (selected("crowded")) {
      crowded();
    }
    if (selected("allocator")) {
      allocatorMicroBenchmark();
    }
    String table = report.markdown();
    System.out.println();
    System.out.println(table);
    Files.writeString(OUT.resolve("results.md"), table);
    System.out.println("written to " + OUT.resolve("results.md").toAbsolutePath());
  }

  // ---- scenarios ------------------------------------------------------------------------------------------------

  /**
   * The API test server, observer and clients in this JVM serve a burst through the baseline before anything is
   * measured, so that neither subject pays for this JVM's JIT compilation (each stage also warms up its subject).
   */
  private void warmUpThisJvm() throws Exception {
    try (Stage stage = new Stage(Subject.BASELINE, FULL_RANGE)) {
      List<ExposedApp> apps = Workload.apps(scaled(1000), true, NAMESPACES);
      stage.createAll(apps, 8);
      stage.observer.awaitAllReady(Workload.keys(apps), Duration.ofMinutes(5));
    }
    System.out.println("warm-up of the benchmark JVM done");
  }

  private void latencyAt20PerSecond() throws Exception {
    int count = scaled(600);
    Map<Subject, Latencies> results = new HashMap<>();
    for (Subject subject : Subject.values()) {
      try (Stage stage = new Stage(subject, FULL_RANGE)) {
        List<ExposedApp> apps = Workload.apps(count, true, NAMESPACES);
        Map<String, Long> createdAt = stage.createAtRate(apps, 20);
        stage.observer.awaitAllReady(createdAt.keySet(), Duration.ofMinutes(5));
        Latencies l = new Latencies();
        createdAt.forEach((key, t0) -> {
          l.service.add(stage.observer.serviceSeen(key) - t0);
          l.ready.add(stage.observer.readySeen(key) - t0);
        });
        results.put(subject, l);
        System.out.printf("latency %s: %d apps%n", subject, count);
      }
    }
    String scenario = "Arrival at 20 apps/s, " + count + " apps, half with Ingress";
    for (double p : new double[] {50, 99}) {
      String target = p == 99 ? "<= 500 ms (operator)" : "";
      report.row(scenario, "create -> Service, p" + (int) p + " (ms)",
          millis(percentile(results.get(Subject.BASELINE).service, p)),
          millis(percentile(results.get(Subject.OPERATOR).service, p)), target,
          p == 99 ? millis(percentile(results.get(Subject.OPERATOR).service, p)) <= 500 : null);
    }
    for (double p : new double[] {50, 99}) {
      report.row(scenario, "create -> Ready, p" + (int) p + " (ms)",
          millis(percentile(results.get(Subject.BASELINE).ready, p)),
          millis(percentile(results.get(Subject.OPERATOR).ready, p)), "", null);
    }
  }

  private void burst() throws Exception {
    int count = scaled(1000);
    Map<Subject, double[]> seconds = new HashMap<>();
    Map<Subject, double[]> cpu = new HashMap<>();
    for (Subject subject : Subject.values()) {
      try (Stage stage = new Stage(subject, FULL_RANGE)) {
        List<ExposedApp> apps = Workload.apps(count, true, NAMESPACES);
        int requestsBefore = stage.server.requests().size();
        double[] cpuBefore = stage.cpuSeconds();
        long start = System.nanoTime();
        stage.createAll(apps, 8);
        long allReady = stage.observer.awaitAllReady(Workload.keys(apps), Duration.ofMinutes(10));
        cpu.put(subject, minus(stage.cpuSeconds(), cpuBefore));
        long allServices = Workload.keys(apps).stream().mapToLong(stage.observer::serviceSeen).max().orElseThrow();
        seconds.put(subject, new double[] {(allServices - start) / 1e9, (allReady - start) / 1e9});
        report.apiCalls(subject, "burst of " + count + " (half with Ingress)",
            ApiCalls.count(stage.server.requests().subList(requestsBefore, stage.server.requests().size()),
                stage.userAgent()), count);
        System.out.printf("burst %s: %d apps Ready in %.1f s%n", subject, count, (allReady - start) / 1e9);
        if (subject == Subject.OPERATOR) {
          memory(stage.operator, count);
          idleWrites(stage, "after the burst converged (" + count + " apps)");
        }
      }
    }
    String scenario = "Burst: " + count + " apps at once (8 client threads), half with Ingress";
    report.row(scenario, "all Services exist (s)", seconds.get(Subject.BASELINE)[0], seconds.get(Subject.OPERATOR)[0],
        "", null);
    report.ratioRow(scenario, "all Ready (s)", seconds.get(Subject.BASELINE)[1], seconds.get(Subject.OPERATOR)[1],
        1.3);
    cpuRows(scenario, cpu);
  }

  private void fullRange() throws Exception {
    PortRange range = new PortRange(FULL_RANGE.start(), FULL_RANGE.start() + scaled(FULL_RANGE.size()) - 1);
    int count = range.size();
    String scenario = "Full range: " + count + " apps, one port each, range " + range.start() + "-" + range.end();
    Map<Subject, Double> seconds = new HashMap<>();
    Map<Subject, double[]> cpu = new HashMap<>();
    for (Subject subject : Subject.values()) {
      try (Stage stage = new Stage(subject, range)) {
        List<ExposedApp> apps = Workload.apps(count, false, NAMESPACES);
        double[] cpuBefore = stage.cpuSeconds();
        long start = System.nanoTime();
        stage.createAll(apps, 8);
        long allReady = stage.observer.awaitAllReady(Workload.keys(apps), Duration.ofMinutes(15));
        cpu.put(subject, minus(stage.cpuSeconds(), cpuBefore));
        seconds.put(subject, (allReady - start) / 1e9);
        int duplicates = CrowdedCluster.duplicateNodePorts(stage.client.services().inAnyNamespace().list().getItems(),
            range, count);
        report.row(scenario, subject.name().toLowerCase() + ": nodePorts allocated, duplicated", null,
            (double) duplicates, "0 duplicated, all " + count + " allocated", duplicates == 0);
        System.out.printf("full range %s: %d apps Ready in %.1f s%n", subject, count, seconds.get(subject));
        if (subject == Subject.OPERATOR) {
          memory(stage.operator, count);
          restart(stage, count);
        }
      }
    }
    report.ratioRow(scenario, "all allocated and Ready (s)", seconds.get(Subject.BASELINE),
        seconds.get(Subject.OPERATOR), 1.3);
    cpuRows(scenario, cpu);
  }

  /**
   * A big shared cluster: {@code scaled(10,000)} foreign Services ({@link CrowdedCluster}) exist before the subject
   * starts; then apps fill every port of the range they left free.
   */
  private void crowded() throws Exception {
    PortRange range = new PortRange(FULL_RANGE.start(), FULL_RANGE.start() + scaled(FULL_RANGE.size()) - 1);
    int foreignCount = scaled(10_000);
    String scenario = "Crowded: " + foreignCount + " foreign Services, then apps fill the rest of " + range.start()
        + "-" + range.end();
    Map<Subject, Double> seconds = new HashMap<>();
    Map<Subject, double[]> cpu = new HashMap<>();
    for (Subject subject : Subject.values()) {
      try (Stage stage = new Stage(subject, range, foreignCount)) {
        int count = range.size() - stage.foreignPorts.size();
        List<ExposedApp> apps = Workload.apps(count, false, NAMESPACES);
        int requestsBefore = stage.server.requests().size();
        double[] cpuBefore = stage.cpuSeconds();
        long start = System.nanoTime();
        stage.createAll(apps, 8);
        long allReady = stage.observer.awaitAllReady(Workload.keys(apps), Duration.ofMinutes(15));
        cpu.put(subject, minus(stage.cpuSeconds(), cpuBefore));
        seconds.put(subject, (allReady - start) / 1e9);
        int duplicates = CrowdedCluster.duplicateNodePorts(stage.client.services().inAnyNamespace().list().getItems(),
            range, count + stage.foreignPorts.size());
        report.row(scenario, subject.name().toLowerCase() + ": nodePorts allocated (" + count + " apps, "
            + stage.foreignPorts.size() + " held by foreign Services), duplicated", null, (double) duplicates,
            "0 duplicated, all allocated", duplicates == 0);
        report.apiCalls(subject, "crowded fill of " + count + " apps among " + foreignCount + " Services",
            ApiCalls.count(stage.server.requests().subList(requestsBefore, stage.server.requests().size()),
                stage.userAgent()), count);
        System.out.printf("crowded %s: %d apps Ready in %.1f s%n", subject, count, seconds.get(subject));
        if (subject == Subject.OPERATOR) {
          report.row(scenario, "operator: process start -> /readyz, " + foreignCount + " Services cached (s)", null,
              stage.operatorStartToReady / 1e9, "<= 5 s", stage.operatorStartToReady / 1e9 <= 5);
          if (emptyClusterHeapAtReady > 0) {
            report.row(scenario, "operator: live heap per foreign Service, ready with " + foreignCount
                + " against ready with none (bytes)", null,
                (double) (stage.operatorHeapAtReady - emptyClusterHeapAtReady) / foreignCount, "", null);
          }
          memory(stage.operator, count + " apps and " + foreignCount + " foreign Services", 256, true);
        }
      }
    }
    report.ratioRow(scenario, "all allocated and Ready (s)", seconds.get(Subject.BASELINE),
        seconds.get(Subject.OPERATOR), 1.3);
    cpuRows(scenario, cpu);
    serviceCacheCost(scenario, foreignCount);
  }

  /**
   * What caching a foreign Service costs in this JVM: the Services as the informer receives them, kept whole
   * (baseline) or as {@link io.exposedapp.cache.ServiceStore} keeps them (operator), bytes of heap per Service.
   */
  private void serviceCacheCost(String scenario, int count) {
    var serialization = new io.fabric8.kubernetes.client.utils.KubernetesSerialization();
    List<String> json = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Service s = CrowdedCluster.foreignService(i);
      s.getMetadata().setUid(java.util.UUID.randomUUID().toString());
      s.getMetadata().setResourceVersion(Integer.toString(100_000 + i));
      s.getMetadata().setCreationTimestamp("2026-12-01T00:00:00Z");
      s.getSpec().setClusterIP("10.96." + (i / 250) + "." + (i % 250));
      s.getSpec().setClusterIPs(List.of(s.getSpec().getClusterIP()));
      s.getSpec().setIpFamilies(List.of("IPv4"));
      s.getSpec().setIpFamilyPolicy("SingleStack");
      s.getSpec().setSessionAffinity("None");
      s.getSpec().setInternalTrafficPolicy("Cluster");
      json.add(serialization.asJson(s));
    }
    double whole = heapPerObject(count, store -> json.forEach(j -> {
      Service s = serialization.unmarshal(j, Service.class);
      store.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), s);
    }), () -> new io.fabric8.kubernetes.client.informers.cache.BasicItemStore<Service>(
        io.fabric8.kubernetes.client.informers.cache.Cache::metaNamespaceKeyFunc));
    double slim = heapPerObject(count, store -> json.forEach(j -> {
      Service s = serialization.unmarshal(j, Service.class);
      store.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), s);
    }), () -> new io.exposedapp.cache.ServiceStore("exposedapp"));
    report.row(scenario, "cache: heap per foreign Service, kept whole (baseline) or as ServiceStore keeps it "
        + "(bytes, this JVM)", whole, slim, "", null);
  }

  private static double heapPerObject(int count,
      java.util.function.Consumer<io.fabric8.kubernetes.client.informers.cache.ItemStore<Service>> fill,
      java.util.function.Supplier<io.fabric8.kubernetes.client.informers.cache.ItemStore<Service>> newStore) {
    long before = usedHeapAfterGc();
    var store = newStore.get();
    fill.accept(store);
    long after = usedHeapAfterGc();
    if (store.size() != count) {
      throw new IllegalStateException(store.size() + " Services cached, expected " + count);
    }
    return (double) (after - before) / count;
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Where the CPU went: the benchmark JVM (API server, observer, ALB, clients, and the baseline) and the operator. */
  private void cpuRows(String scenario, Map<Subject, double[]> cpu) {
    report.row(scenario, "CPU of the benchmark JVM: API server, clients (+ baseline) (s)",
        cpu.get(Subject.BASELINE)[0], cpu.get(Subject.OPERATOR)[0], "", null);
    report.row(scenario, "CPU of the operator process (s)", null, cpu.get(Subject.OPERATOR)[1], "", null);
  }

  private static double[] minus(double[] a, double[] b) {
    return new double[] {a[0] - b[0], a[1] - b[1]};
  }

  private void memory(OperatorProcess operator, int apps) throws IOException {
    memory(operator, apps + " apps", 200, apps >= FULL_RANGE.size() * SCALE - 1);
  }

  /** Live heap and RSS of the operator holding {@code what}; RSS against {@code targetMiB} when {@code judged}. */
  private void memory(OperatorProcess operator, String what, int targetMiB, boolean judged) throws IOException {
    String scenario = "Memory of the operator process";
    String file = what.replaceAll("[^0-9a-z]+", "-");
    if (System.getProperty("bench.operatorJvmArgs", "").contains("NativeMemoryTracking")) {
      Files.writeString(OUT.resolve("native-memory-" + file + ".txt"), operator.nativeMemorySummary());
    }
    if (Boolean.getBoolean("bench.heapHistogram")) {
      Files.writeString(OUT.resolve("heap-histogram-" + file + ".txt"), operator.heapHistogram());
    }
    report.row(scenario, "live heap after full GC, " + what + " (MiB)", null,
        operator.liveHeapBytes() / 1048576.0, "", null);
    double rss = operator.rssBytes() / 1048576.0;
    report.row(scenario, "RSS, " + what + " (MiB)", null, rss, "<= " + targetMiB + " MiB",
        judged ? rss <= targetMiB : null);
  }

  /** Operator writes (POST/PUT/PATCH/DELETE) during {@link #IDLE} from now, Lease renewals counted apart. */
  private void idleWrites(Stage stage, String when) {
    int before = stage.server.requests().size();
    OperatorProcess.sleep(IDLE.toMillis());
    ApiCalls calls = ApiCalls.count(stage.server.requests().subList(before, stage.server.requests().size()),
        ExposedAppOperator.USER_AGENT);
    report.row("Idle: " + IDLE.toSeconds() + " s " + when, "writes other than the Lease", null,
        (double) calls.writesExceptLease(), "0", calls.writesExceptLease() == 0);
    report.row("Idle: " + IDLE.toSeconds() + " s " + when, "Lease renewals (leader election)", null,
        (double) calls.leaseWrites(), "", null);
    if (calls.writesExceptLease() > 0) {
      report.note("idle writes " + when + ": " + calls.writes());
    }
  }

  /** Stops the operator and starts a new process (a new pod) on the converged cluster. */
  private void restart(Stage stage, int apps) {
    stage.operator.close();
    int before = stage.server.requests().size();
    OperatorProcess next = OperatorProcess.start(jar, stage.server, stage.range, "operator-" + (++operatorRuns),
        OUT.resolve("operator-" + operatorRuns + ".log"));
    stage.operator = next;
    long ready = next.awaitReady(Duration.ofMinutes(2));
    long leader = stage.awaitLeader(next.identity(), Duration.ofMinutes(2));
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (next.metric("exposedapp_reconciles_total") < apps && System.nanoTime() < deadline) {
      OperatorProcess.sleep(50);
    }
    long allReconciled = System.nanoTime();
    String scenario = "Restart with " + apps + " existing apps (SIGTERM, new process)";
    report.row(scenario, "process start -> /readyz (s)", null, (ready - next.startedAt()) / 1e9, "<= 5 s",
        (ready - next.startedAt()) / 1e9 <= 5);
    report.row(scenario, "process start -> leader (s)", null, (leader - next.startedAt()) / 1e9, "", null);
    report.row(scenario, "process start -> every app reconciled (s)", null,
        (allReconciled - next.startedAt()) / 1e9, "", null);
    OperatorProcess.sleep(IDLE.toMillis());
    ApiCalls calls = ApiCalls.count(stage.server.requests().subList(before, stage.server.requests().size()),
        ExposedAppOperator.USER_AGENT);
    report.row(scenario, "writes other than the Lease, start + " + IDLE.toSeconds() + " s", null,
        (double) calls.writesExceptLease(), "0", calls.writesExceptLease() == 0);
    if (calls.writesExceptLease() > 0) {
      report.note("writes after the restart: " + calls.writes());
    }
  }

  private void allocatorMicroBenchmark() throws Exception {
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(AllocatorBenchmark.class.getName())
        .forks(1)
        .warmupIterations(3).warmupTime(TimeValue.seconds(1))
        .measurementIterations(5).measurementTime(TimeValue.seconds(1))
        .build()).run();
    Map<String, Map<String, Double>> byFill = new TreeMap<>();
    for (RunResult r : results) {
      byFill.computeIfAbsent(r.getParams().getParam("fillPercent"), f -> new HashMap<>())
          .put(method(r), r.getPrimaryResult().getScore());
    }
    String scenario = "Allocator (JMH, average time per call), range 30000-32767, no other Service";
    byFill.forEach((fill, scores) -> {
      report.row(scenario, "allocate one port at " + fill + "% fill (µs)", scores.get("baselineNextClearBit"),
          scores.get("allocate"), "<= 5 µs", scores.get("allocate") <= 5);
      report.row(scenario, "plan one app at " + fill + "% fill (µs), baseline: the ledger rebuilt per plan",
          scores.get("planRebuildingTheLedger"), scores.get("plan"), "", null);
      report.row(scenario, "plan one app from NodePortPools (4 pools, 2 selecting, a quota) at " + fill
          + "% fill (µs), baseline: the plan without pools", scores.get("plan"), scores.get("planFromPools"), "",
          null);
    });
    planAmongServices();
  }

  /** p50 and p99 of one plan with 10,000 foreign Services in the caches ({@link PlanAmongServicesBenchmark}). */
  private void planAmongServices() throws Exception {
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(PlanAmongServicesBenchmark.class.getName())
        .forks(1)
        .warmupIterations(3).warmupTime(TimeValue.seconds(1))
        .measurementIterations(5).measurementTime(TimeValue.seconds(1))
        .build()).run();
    Map<String, Map<String, double[]>> byFill = new TreeMap<>();
    for (RunResult r : results) {
      var statistics = r.getPrimaryResult().getStatistics();
      byFill.computeIfAbsent(r.getParams().getParam("fillPercent"), f -> new HashMap<>())
          .put(method(r), new double[] {statistics.getPercentile(50), statistics.getPercentile(99)});
    }
    String scenario = "Plan of one app (JMH, sampled single calls), " + PlanAmongServicesBenchmark.FOREIGN
        + " foreign Services in the caches, range 30000-32767";
    byFill.forEach((fill, scores) -> {
      double[] cached = scores.get("plan");
      double[] rebuilt = scores.get("planRebuildingTheLedger");
      report.row(scenario, "p50 at " + fill + "% fill (µs), baseline: the ledger rebuilt per plan", rebuilt[0],
          cached[0], "", null);
      report.row(scenario, "p99 at " + fill + "% fill (µs), baseline: the ledger rebuilt per plan", rebuilt[1],
          cached[1], "<= 100 µs", cached[1] <= 100);
    });
  }

  private static String method(RunResult r) {
    return r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
  }

  // ---- plumbing -------------------------------------------------------------------------------------------------

  /** Waits until {@code identity} holds the operator's Lease; answers the nanoTime it was seen. */
  static long awaitLeader(KubernetesClient client, String identity, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      var lease = client.leases().inNamespace(OperatorProcess.OPERATOR_NAMESPACE).withName("exposedapp-operator")
          .get();
      if (lease != null && identity.equals(lease.getSpec().getHolderIdentity())) {
        return System.nanoTime();
      }
      OperatorProcess.sleep(20);
    }
    throw new IllegalStateException(identity + " did not become leader within " + timeout);
  }

  private static boolean selected(String scenario) {
    return ONLY.contains("all") || ONLY.contains(scenario);
  }

  static int scaled(int size) {
    return Math.max(20, (int) Math.round(size * SCALE));
  }

  static double millis(long nanos) {
    return nanos / 1e6;
  }

  static long percentile(List<Long> values, double p) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int index = (int) Math.ceil(p / 100 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }

  private record Latencies(List<Long> service, List<Long> ready) {
    Latencies() {
      this(new ArrayList<>(), new ArrayList<>());
    }
  }

  /** One subject on a fresh API test server, with the observer and the simulated ALB controller. */
  private final class Stage implements AutoCloseable {
    final PortRange range;
    final ApiTestServer server;
    final KubernetesClient client;
    final Observer observer;
    final AlbControllerSimulator alb;
    final Subject subject;
    OperatorProcess operator;
    BaselineController baseline;
    /** The foreign Services created before the subject started, and the nodePorts of the range they hold. */
    final List<Service> foreign;
    final Set<Integer> foreignPorts;
    /** The operator's process start -> /readyz (ns), and its live heap then, before any app. */
    long operatorStartToReady;
    long operatorHeapAtReady;

    Stage(Subject subject, PortRange range) {
      this(subject, range, 0);
    }

    /** A stage where {@code foreignServices} Services of others ({@link CrowdedCluster}) exist before the subject. */
    Stage(Subject subject, PortRange range, int foreignServices) {
      this.subject = subject;
      this.range = range;
      this.server = ApiTestServer.builder().seed(1).nodePortRange(range.start(), range.end()).build();
      server.start();
      server.installCrds(Path.of("crds"));
      this.client = server.newClient();
      for (int i = 0; i < NAMESPACES; i++) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(Workload.namespace(i))
            .endMetadata().build()).create();
      }
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata()
          .withName(OperatorProcess.OPERATOR_NAMESPACE).endMetadata().build()).create();
      this.foreign = foreignServices == 0 ? List.of()
          : CrowdedCluster.createForeignServices(client, foreignServices, 8);
      this.foreignPorts = CrowdedCluster.nodePortsIn(foreign, range);
      this.observer = new Observer(server);
      this.alb = new AlbControllerSimulator(server);
      if (subject == Subject.OPERATOR) {
        operator = OperatorProcess.start(jar, server, range, "operator-" + (++operatorRuns),
            OUT.resolve("operator-" + operatorRuns + ".log"));
        operatorStartToReady = operator.awaitReady(Duration.ofMinutes(2)) - operator.startedAt();
        awaitLeader(operator.identity(), Duration.ofMinutes(2));
        operatorHeapAtReady = operator.liveHeapBytes();
        if (foreignServices == 0 && emptyClusterHeapAtReady == 0) {
          emptyClusterHeapAtReady = operatorHeapAtReady;
        }
      } else {
        baseline = new BaselineController(server, range, foreignPorts).start();
      }
      warmUp();
    }

    /**
     * Both JVMs serve {@link #WARM_UP_APPS} apps before anything is measured, then those are deleted: JIT-compiled
     * code paths, as in an operator that has been running for a while (the restart scenario measures a cold one).
     */
    private void warmUp() {
      List<ExposedApp> apps = Workload.apps(Math.min(WARM_UP_APPS, range.size() - foreignPorts.size()), true, 2,
          "warm-up-");
      try {
        for (int i = 0; i < 2; i++) {
          client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("warm-up-" + i)
              .endMetadata().build()).create();
        }
        createAll(apps, 8);
        observer.awaitAllReady(Workload.keys(apps), Duration.ofMinutes(5));
        for (int i = 0; i < 2; i++) {
          client.namespaces().withName("warm-up-" + i).delete();
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (client.namespaces().list().getItems().stream()
            .anyMatch(n -> n.getMetadata().getName().startsWith("warm-up-"))
            || client.services().inAnyNamespace().list().getItems().stream()
                .anyMatch(svc -> svc.getMetadata().getNamespace().startsWith("warm-up-"))) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the warm-up namespaces were not deleted");
          }
          OperatorProcess.sleep(100);
        }
        if (baseline != null) {
          baseline.rangeIsEmptyAgain();
        }
      } catch (Exception e) {
        throw new IllegalStateException("warm-up failed", e);
      }
    }

    /** CPU seconds used so far by this JVM and by the operator process (0 without one). */
    double[] cpuSeconds() {
      var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
          .getOperatingSystemMXBean();
      return new double[] {os.getProcessCpuTime() / 1e9,
          operator == null ? 0 : operator.cpuTime().toNanos() / 1e9};
    }

    String userAgent() {
      return subject == Subject.OPERATOR ? ExposedAppOperator.USER_AGENT : BaselineController.USER_AGENT;
    }

    long awaitLeader(String identity, Duration timeout) {
      return Benchmarks.awaitLeader(client, identity, timeout);
    }

    /** Creates the apps from {@code threads} client threads, as fast as the API server takes them. */
    void createAll(List<ExposedApp> apps, int threads) throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (ExposedApp app : apps) {
          done.add(pool.submit(() -> client.resource(app).create()));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }
    }

    /** Creates one app every 1/rate s; answers when each create was sent (nanoTime). */
    Map<String, Long> createAtRate(List<ExposedApp> apps, int perSecond) throws Exception {
      Map<String, Long> sentAt = new ConcurrentHashMap<>();
      ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
      ExecutorService senders = Executors.newFixedThreadPool(8);
      List<Future<?>> done = new ArrayList<>();
      try {
        for (int i = 0; i < apps.size(); i++) {
          ExposedApp app = apps.get(i);
          done.add(ticks.schedule(() -> senders.submit(() -> {
            sentAt.put(Observer.key(app), System.nanoTime());
            client.resource(app).create();
          }), i * 1000L / perSecond, TimeUnit.MILLISECONDS));
        }
        for (Future<?> f : done) {
          ((Future<?>) f.get()).get();
        }
      } finally {
        ticks.shutdown();
        senders.shutdown();
      }
      return sentAt;
    }

    @Override
    public void close() {
      if (operator != null) {
        operator.close();
      }
      if (baseline != null) {
        baseline.close();
      }
      alb.close();
      observer.close();
      client.close();
      server.close();
    }
  }

  /** The requests of one client, by kind; writes are POST, PUT, PATCH and DELETE. */
  record ApiCalls(Map<String, Integer> byKind) {

    private static final Pattern RESOURCE = Pattern.compile(
        "/(services|ingresses|exposedapps|events|leases|selfsubject\\w+)(/[^/?]+)?(/status)?");

    static ApiCalls count(List<ApiTestServer.Request> requests, String userAgent) {
      Map<String, Integer> byKind = new TreeMap<>();
      for (ApiTestServer.Request r : requests) {
        if (!userAgent.equals(r.userAgent())) {
          continue;
        }
        Matcher m = RESOURCE.matcher(r.uri());
        String resource = m.find() ? m.group(1) + (m.group(3) == null ? "" : "/status") : r.uri();
        String verb = r.method().equals("GET") && r.uri().contains("watch=") ? "WATCH" : r.method();
        byKind.merge(verb + " " + resource, 1, Integer::sum);
      }
      return new ApiCalls(byKind);
    }

    int writesExceptLease() {
      return byKind.entrySet().stream().filter(e -> isWrite(e.getKey()) && !e.getKey().endsWith(" leases"))
          .mapToInt(Map.Entry::getValue).sum();
    }

    int leaseWrites() {
      return byKind.entrySet().stream().filter(e -> isWrite(e.getKey()) && e.getKey().endsWith(" leases"))
          .mapToInt(Map.Entry::getValue).sum();
    }

    /** The writes among these requests, by kind. */
    Map<String, Integer> writes() {
      Map<String, Integer> writes = new TreeMap<>(byKind);
      writes.keySet().removeIf(kind -> !isWrite(kind));
      return writes;
    }

    /** Changes something: not a read, a watch, or an access review (a question about RBAC, answered, not stored). */
    private static boolean isWrite(String kind) {
      return !kind.startsWith("GET ") && !kind.startsWith("LIST ") && !kind.startsWith("WATCH ")
          && !kind.contains(" selfsubject");
    }
  }
}
