package io.exposedapp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.exposedapp.allocation.PortRange;
import io.exposedapp.apiserver.ApiTestServer;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The operator as it runs in the cluster: the shaded jar in its own JVM with the image's JVM flags, configured through
 * the environment variables of deploy/deployment.yaml (leader election on), talking to an API server through a
 * kubeconfig. Used by the process-level tests and the benchmarks.
 */
public final class OperatorProcess implements AutoCloseable {

  /** The shaded jar {@code mvn package} builds. */
  public static final Path JAR = Path.of("target", "exposedapp-operator.jar");
  /** The namespace deploy/ installs the operator in, where its Lease lives. */
  public static final String OPERATOR_NAMESPACE = "exposedapp-system";

  /**
   * The JVM of the image inside the Deployment: the Dockerfile's {@code JAVA_TOOL_OPTIONS}, and {@code MaxRAM} set to
   * the Deployment's memory limit, which is the RAM a container makes the JVM see.
   */
  public static final List<String> CONTAINER_JVM = containerJvm();

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

  private final Process process;
  private final String identity;
  private final int healthPort;
  private final int metricsPort;
  private final long startedAt;
  private final Path log;

  private OperatorProcess(Process process, String identity, int healthPort, int metricsPort, long startedAt,
      Path log) {
    this.process = process;
    this.log = log;
    this.identity = identity;
    this.healthPort = healthPort;
    this.metricsPort = metricsPort;
    this.startedAt = startedAt;
  }

  /**
   * Starts the jar as deploy/ configures it, with the given identity (the pod name), in {@link #OPERATOR_NAMESPACE},
   * with its own health and metrics ports, and {@code overrides} on top of deploy/'s variables; its output goes to
   * {@code log}.
   */
  public static OperatorProcess start(Path jar, Path kubeconfig, String identity, Map<String, String> overrides,
      Path log) {
    try {
      Files.createDirectories(log.getParent());
      int health = OperatorHarness.freeLocalPort();
      int metrics = OperatorHarness.freeLocalPort();
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(CONTAINER_JVM);
      for (String extra : System.getProperty("bench.operatorJvmArgs", "").trim().split("\\s+")) {
        if (!extra.isEmpty()) {
          command.add(extra);
        }
      }
      command.addAll(List.of("-jar", jar.toString()));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      var env = builder.environment();
      env.putAll(deployEnvironment());
      env.put("KUBECONFIG", kubeconfig.toString());
      // the Downward API's values in a pod
      env.put("POD_NAME", identity);
      env.put("POD_NAMESPACE", OPERATOR_NAMESPACE);
      env.put("EXPOSEDAPP_HEALTH_PORT", String.valueOf(health));
      env.put("EXPOSEDAPP_METRICS_PORT", String.valueOf(metrics));
      env.putAll(overrides);
      long startedAt = System.nanoTime();
      return new OperatorProcess(builder.start(), identity, health, metrics, startedAt, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the jar against an API test server as an administrator, allocating from {@code range}. */
  public static OperatorProcess start(Path jar, ApiTestServer server, PortRange range, String identity, Path log) {
    try {
      Files.createDirectories(log.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path kubeconfig = server.writeKubeconfig(log.resolveSibling(identity + ".kubeconfig"));
    return start(jar, kubeconfig, identity,
        Map.of("EXPOSEDAPP_NODE_PORT_RANGE", range.start() + "-" + range.end()), log);
  }

  /** The literal environment variables of the operator container in deploy/deployment.yaml. */
  public static Map<String, String> deployEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar variable : deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      if (variable.getValue() != null) {
        env.put(variable.getName(), variable.getValue());
      }
    }
    return env;
  }

  private static Deployment deployment() {
    try {
      return new KubernetesSerialization()
          .unmarshal(Files.readString(Path.of("deploy", "deployment.yaml")), Deployment.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> containerJvm() {
    try {
      Matcher options = Pattern.compile("ENV JAVA_TOOL_OPTIONS=\"([^\"]*)\"")
          .matcher(Files.readString(Path.of("Dockerfile")));
      if (!options.find()) {
        throw new IllegalStateException("no ENV JAVA_TOOL_OPTIONS in the Dockerfile");
      }
      Quantity limit = deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getResources()
          .getLimits().get("memory");
      List<String> flags = new ArrayList<>();
      flags.add("-XX:MaxRAM=" + Quantity.getAmountInBytes(limit).longValueExact());
      flags.addAll(List.of(options.group(1).trim().split("\\s+")));
      return List.copyOf(flags);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String identity() {
    return identity;
  }

  /** When the process was started, in {@link System#nanoTime()}. */
  public long startedAt() {
    return startedAt;
  }

  /** Polls {@code /readyz} until it answers 200 (informers synced); returns the nanoTime it did. */
  public long awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the operator exited with " + process.exitValue() + " before it was ready");
      }
      if (get(healthPort, "/readyz").map(r -> r.statusCode() == 200).orElse(false)) {
        return System.nanoTime();
      }
      sleep(20);
    }
    throw new IllegalStateException("the operator was not ready within " + timeout);
  }

  /** The sum of every series of a Prometheus metric (0 when absent). */
  public double metric(String name) {
    return metric(name, "");
  }

  /** The sum of the series of a Prometheus metric whose labels contain {@code label}, e.g. {@code area="heap"}. */
  public double metric(String name, String label) {
    String text = get(metricsPort, "/metrics").map(HttpResponse::body)
        .orElseThrow(() -> new IllegalStateException("no /metrics"));
    double sum = 0;
    for (String line : text.split("\n")) {
      if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(label)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** Heap in use right after a full collection: what the operator's data really occupies. */
  public long liveHeapBytes() {
    jcmd("GC.run");
    return (long) metric("jvm_memory_used_bytes", "area=\"heap\"");
  }

  /** CPU time the process has used so far. */
  public Duration cpuTime() {
    return process.info().totalCpuDuration().orElseThrow();
  }

  /** Resident set size of the whole process, from /proc. */
  public long rssBytes() {
    try {
      Matcher m = RSS.matcher(Files.readString(Path.of("/proc", String.valueOf(process.pid()), "status")));
      if (!m.find()) {
        throw new IllegalStateException("no VmRSS for " + process.pid());
      }
      return Long.parseLong(m.group(1)) * 1024;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The JVM's native memory summary ({@code jcmd VM.native_memory summary}), when the operator runs with
   * {@code -XX:NativeMemoryTracking=summary} (bench.operatorJvmArgs); empty otherwise.
   */
  public String nativeMemorySummary() {
    return jcmd("VM.native_memory summary");
  }

  /** Writes the flight recording so far to {@code file}, when the process runs one (bench.operatorJvmArgs). */
  public String dumpFlightRecording(Path file) {
    return jcmd("JFR.dump filename=" + file.toAbsolutePath());
  }

  /** What the heap holds, by class ({@code jcmd GC.class_histogram}). */
  public String heapHistogram() {
    return jcmd("GC.class_histogram");
  }

  private String jcmd(String command) {
    try {
      List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd")
          .toString(), String.valueOf(process.pid())));
      args.addAll(List.of(command.split(" ")));
      Process jcmd = new ProcessBuilder(args).redirectErrorStream(true).start();
      String output = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + command + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static java.util.Optional<HttpResponse<String>> get(int port, String path) {
    try {
      return java.util.Optional.of(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends SIGTERM, as Kubernetes does to stop a pod, and returns at once. */
  public void terminate() {
    process.destroy();
  }

  /** SIGKILL: the process ends at once, as a node that dies or an OOM kill ends a pod; its Lease is not released. */
  public void kill() {
    process.destroyForcibly();
  }

  /** Waits for the process to end; false if it still runs after {@code timeout}. */
  public boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public int exitCode() {
    return process.exitValue();
  }

  /** What the process has printed so far. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGTERM, as Kubernetes stops a pod, then waits for the graceful shutdown. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
