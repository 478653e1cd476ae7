package io.exposedapp.testing;


import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.exposedapp.ExposedAppOperator;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppSpec;
import io.exposedapp.api.PortSpec;
import io.exposedapp.apiserver.ApiTestServer;
import io.exposedapp.config.OperatorConfig;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.Conditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;

/**
 * The real operator (production configuration) against an API server, one per test class; register with
 * {@code @RegisterExtension}. Each test works in its own namespace from {@link #newNamespace()}. The API server is
 * the API test server, or a real kube-apiserver with {@code -Preal-apiserver} ({@link Backend}); what only the API
 * test server has (fault injection, the request log, garbage collection) is reached through {@link #server()} and
 * {@link #requireGarbageCollection()}, which skip the test on the real one, saying why.
 */
public final class OperatorHarness implements BeforeAllCallback, AfterAllCallback {

  /** The budget of a wait ({@link Waits}: a condition, enough time for a machine at a quarter of its speed). */
  public static final Duration TIMEOUT = Waits.BUDGET;

  private final OperatorConfig config;
  private final boolean withOperator;
  /** CRDs beyond crds/, installed before the operator starts (it discovers what is served at start). */
  private final Supplier<List<? extends HasMetadata>> extraCrds;
  /** Run after the CRDs are installed, before the operator starts. */
  private final java.util.function.Consumer<OperatorHarness> setup;
  private final AtomicInteger namespaces = new AtomicInteger();
  private Backend backend;
  private KubernetesClient client;
  private ExposedAppOperator operator;

  public OperatorHarness() {
    this(OperatorConfig.defaults());
  }

  public OperatorHarness(OperatorConfig config) {
    this(config, true);
  }

  private OperatorHarness(OperatorConfig config, boolean withOperator) {
    this(config, withOperator, List::of);
  }

  private OperatorHarness(OperatorConfig config, boolean withOperator,
      Supplier<List<? extends HasMetadata>> extraCrds) {
    this(config, withOperator, extraCrds, harness -> { });
  }

  private OperatorHarness(OperatorConfig config, boolean withOperator,
      Supplier<List<? extends HasMetadata>> extraCrds, java.util.function.Consumer<OperatorHarness> setup) {
    this.config = config;
    this.withOperator = withOperator;
    this.extraCrds = extraCrds;
    this.setup = setup;
  }

  /**
   * This harness with more CRDs installed before the operator starts, e.g. the Gateway API's: derived ones, or the
   * projects' own read from outside the repository ({@link UpstreamCrds}, which skips the class where they are
   * absent).
   */
  public OperatorHarness withCrds(Supplier<List<? extends HasMetadata>> crds) {
    return new OperatorHarness(config, withOperator, crds, setup);
  }

  /**
   * This harness with a setup run on the server after the CRDs are installed and before the operator starts: an
   * installation that is more than applying CRDs, e.g. one that removes an admission policy first.
   */
  public OperatorHarness withSetup(java.util.function.Consumer<OperatorHarness> then) {
    return new OperatorHarness(config, withOperator, extraCrds, then);
  }

  /**
   * The API server alone, no operator: for tests of how the API server behaves, which must hold on both backends
   * (the API test server's fidelity to kube-apiserver).
   */
  public static OperatorHarness apiServerOnly() {
    return apiServerOnly(OperatorConfig.defaults());
  }

  /** The API server alone, with the nodePort range of {@code config}; the test starts its own operators. */
  public static OperatorHarness apiServerOnly(OperatorConfig config) {
    return new OperatorHarness(config, false);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    backend = Backend.start(config.nodePortRange(), Path.of("crds"));
    client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(backend.adminConfig()).build();
    installCrds(extraCrds.get());
    setup.accept(this);
    if (withOperator) {
      startOperator();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stopOperator();
    // after a backend that failed to start, its exception alone is the report
    if (client != null) {
      client.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  /** Installs CRDs as a user would (server-side apply) and waits until each is Established. */
  public void installCrds(List<? extends HasMetadata> crds) {
    for (HasMetadata crd : crds) {
      client.resource(crd).forceConflicts().serverSideApply();
      Waits.await().pollInterval(Duration.ofMillis(50)).until(() -> {
        var installed = client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
            .get();
        return installed != null && installed.getStatus() != null && installed.getStatus().getConditions() != null
            && installed.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
      });
    }
  }

  /** Starts an operator instance with its own client, as a fresh process would (no health or metrics ports). */
  public void startOperator() {
    operator = newOperator(config.withPorts(0, 0)).start();
  }

  /** An operator instance for this server with the given configuration, not started; the caller closes it. */
  public ExposedAppOperator newOperator(OperatorConfig configuration) {
    return newOperator(configuration, backend.adminConfig());
  }

  /** An operator instance with the given client configuration (e.g. {@link DeployIdentity#as}), not started. */
  public ExposedAppOperator newOperator(OperatorConfig configuration, io.fabric8.kubernetes.client.Config clientConfig) {
    return new ExposedAppOperator(ExposedAppOperator.newClient(clientConfig), configuration, Clock.systemUTC());
  }

  /** The configuration deploy/deployment.yaml gives the operator, as replica {@code podName}, without endpoints. */
  public static OperatorConfig deployConfig(String podName) {
    Map<String, String> env = new java.util.HashMap<>(OperatorProcess.deployEnvironment());
    env.put(OperatorConfig.POD_NAME, podName);
    env.put(OperatorConfig.POD_NAMESPACE, OperatorProcess.OPERATOR_NAMESPACE);
    return OperatorConfig.fromEnvironment(env).withPorts(0, 0);
  }

  public void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  /**
   * The API test server, for what only it has (fault injection, the request log); on a real kube-apiserver the test
   * is skipped from here on, saying so.
   */
  public ApiTestServer server() {
    return backend.apiTestServer().orElseGet(() -> {
      Assumptions.abort("needs the API test server (fault injection or its request log), not " + backend.describe());
      return null;
    });
  }

  /** Whether the tests run against the API test server (the default backend). */
  /** The Kubernetes minor version the server behaves as (see {@code Backend.kubernetesMinor}). */
  public int kubernetesMinor() {
    return backend.kubernetesMinor();
  }

  /** A kubeconfig for this server with the administrator's credentials, for kubectl. */
  public Path writeKubeconfig(Path file) {
    return backend.writeKubeconfig(file);
  }

  public boolean onApiTestServer() {
    return backend.apiTestServer().isPresent();
  }

  /** The administrator's client configuration of the backend. */
  public io.fabric8.kubernetes.client.Config adminConfig() {
    return backend.adminConfig();
  }

  /**
   * Whether the API server can be made to store custom resources its CRD schema refuses (the API test server can, a
   * real kube-apiserver cannot): objects written before the schema tightened, which the operator checks again.
   */
  public boolean canStoreUnvalidatedCustomResources() {
    return onApiTestServer();
  }

  /**
   * Runs the block as on a server where the CRD's schema is not enforced (only the API test server can): what it
   * stores is not validated, nor are the operator's status writes meanwhile (kube-apiserver before 1.28 validates the
   * whole object on a status write, so an object invalid under the current schema cannot get a status there).
   */
  public void withoutCrdSchema(Runnable block) {
    ApiTestServer apiTestServer = server();
    apiTestServer.validateCustomResources(false);
    try {
      block.run();
    } finally {
      apiTestServer.validateCustomResources(true);
    }
  }

  /** Skips the test where the API server cannot store what its CRD schema refuses. */
  public void requireUnvalidatedCustomResources(String what) {
    Assumptions.assumeTrue(canStoreUnvalidatedCustomResources(), () -> "needs " + what + " stored past the CRD "
        + "schema, which " + backend.describe() + " refuses");
  }

  /** Whether deleted owners take their dependents along (false on kube-api-test: no kube-controller-manager). */
  public boolean collectsGarbage() {
    return backend.collectsGarbage();
  }

  /** Skips the test where no garbage collector runs (kube-api-test starts no kube-controller-manager). */
  public void requireGarbageCollection() {
    Assumptions.assumeTrue(backend.collectsGarbage(), () -> "needs garbage collection (deleted owners take their "
        + "Services along), which " + backend.describe() + " does not run: no kube-controller-manager");
  }

  public KubernetesClient client() {
    return client;
  }

  public MixedOperation<ExposedApp, KubernetesResourceList<ExposedApp>, Resource<ExposedApp>> apps() {
    return client.resources(ExposedApp.class);
  }

  public String newNamespace() {
    return newNamespace(Map.of());
  }

  /** A new namespace with these labels from its creation on. */
  public String newNamespace(Map<String, String> labels) {
    String name = "t" + namespaces.incrementAndGet();
    client.resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build())
        .create();
    return name;
  }

  /** Sets a label on a namespace (what NodePortPools select by). */
  public void labelNamespace(String namespace, String key, String value) {
    client.namespaces().withName(namespace).edit(n -> {
      Map<String, String> labels = new java.util.HashMap<>(n.getMetadata().getLabels() == null ? Map.of()
          : n.getMetadata().getLabels());
      labels.put(key, value);
      n.getMetadata().setLabels(labels);
      return n;
    });
  }

  /** An ExposedApp selecting {@code app=<name>} with the given ports. */
  public static ExposedApp app(String namespace, String name, PortSpec... ports) {
    ExposedApp app = new ExposedApp(new ExposedAppSpec(Map.of("app", name), null, List.of(ports), null, null, null, null,
        null));
    app.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    return app;
  }

  public static PortSpec port(String name, int port) {
    return new PortSpec(name, port, null, null, null);
  }

  public static PortSpec port(String name, int port, int nodePort) {
    return new PortSpec(name, port, null, null, nodePort);
  }

  public ExposedApp create(ExposedApp app) {
    return apps().inNamespace(app.getMetadata().getNamespace()).resource(app).create();
  }

  public ExposedApp get(String namespace, String name) {
    return apps().inNamespace(namespace).withName(name).get();
  }

  /** Waits until the app's status was computed from its current generation and satisfies the predicate. */
  public ExposedApp awaitApp(String namespace, String name, Predicate<ExposedApp> predicate) {
    return Waits.until("ExposedApp " + namespace + "/" + name, () -> get(namespace, name),
        app -> app != null && app.getStatus() != null
            && app.getMetadata().getGeneration().equals(app.getStatus().observedGeneration()) && predicate.test(app),
        OperatorHarness::describe);
  }

  /** What a failed wait reports of an app: generations and conditions, not the whole object. */
  static String describe(ExposedApp app) {
    if (app.getStatus() == null) {
      return "generation " + app.getMetadata().getGeneration() + ", no status";
    }
    return "generation " + app.getMetadata().getGeneration() + ", status of generation "
        + app.getStatus().observedGeneration() + ", conditions " + (app.getStatus().conditions() == null ? "none"
            : app.getStatus().conditions().stream()
                .map(c -> c.getType() + "=" + c.getStatus() + " (" + c.getReason() + ": " + c.getMessage() + ")")
                .toList());
  }

  public ExposedApp awaitReady(String namespace, String name) {
    return awaitApp(namespace, name, a -> Conditions.isTrue(a.getStatus().conditions(), ConditionTypes.READY));
  }

  /** Waits until the condition has the reason. */
  public ExposedApp awaitReason(String namespace, String name, String type, String reason) {
    return awaitApp(namespace, name, a -> Conditions.find(a.getStatus().conditions(), type)
        .map(c -> reason.equals(c.getReason())).orElse(false));
  }

  public Service service(String namespace, String name) {
    return client.services().inNamespace(namespace).withName(name).get();
  }

  public Ingress ingress(String namespace, String name) {
    return client.network().v1().ingresses().inNamespace(namespace).withName(name).get();
  }

  public static int nodePort(Service service, String portName) {
    return service.getSpec().getPorts().stream().filter(p -> portName.equals(p.getName())).findFirst()
        .orElseThrow().getNodePort();
  }

  /** A TCP port free on this machine now (for an operator's health or metrics endpoint). */
  public static int freeLocalPort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The Prometheus text an operator's {@code /metrics} endpoint serves on that port. */
  public static String scrapeMetrics(int port) {
    try {
      return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The HTTP status of {@code GET http://127.0.0.1:port/path}, or -1 when nothing answers. */
  public static int httpStatus(int port, String path) {
    try {
      return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + port + path)).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The Events about one object of the namespace with that reason. */
  public List<io.fabric8.kubernetes.api.model.Event> events(String namespace, String objectName, String reason) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> objectName.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
        .toList();
  }

  public static int statusNodePort(ExposedApp app, String portName) {
    return app.getStatus().nodePorts().stream().filter(p -> portName.equals(p.name())).findFirst().orElseThrow()
        .nodePort();
  }
}
