package io.exposedapp.apiserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

import io.exposedapp.apiserver.admission.AdmissionChain;
import io.exposedapp.apiserver.admission.CustomResourceDefinitionRules;
import io.exposedapp.apiserver.admission.CustomResourceSchema;
import io.exposedapp.apiserver.admission.IngressClassCheck;
import io.exposedapp.apiserver.admission.NamespaceLifecycle;
import io.exposedapp.apiserver.admission.ResourceQuota;
import io.exposedapp.apiserver.admission.ServiceNodePortAllocation;
import io.exposedapp.apiserver.api.Timestamps;
import io.exposedapp.apiserver.auth.Rbac;
import io.exposedapp.apiserver.auth.ServiceAccountTokens;
import io.exposedapp.apiserver.controllers.CrdEstablishingController;
import io.exposedapp.apiserver.controllers.GarbageCollector;
import io.exposedapp.apiserver.controllers.NamespaceController;
import io.exposedapp.apiserver.handlers.CreateHandler;
import io.exposedapp.apiserver.handlers.DeleteHandler;
import io.exposedapp.apiserver.handlers.GenericRegistry;
import io.exposedapp.apiserver.handlers.PatchHandler;
import io.exposedapp.apiserver.handlers.ReadHandler;
import io.exposedapp.apiserver.handlers.UpdateHandler;
import io.exposedapp.apiserver.handlers.WatchHandler;
import io.exposedapp.apiserver.kubectl.KubectlSupport;
import io.exposedapp.apiserver.pipeline.HandlerChain;
import io.exposedapp.apiserver.storage.ObjectStore;
import io.exposedapp.apiserver.storage.ResourceTypes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * An in-process Kubernetes API server for tests and for the embedded run: fabric8's mock server with a dispatcher
 * that behaves like kube-apiserver where the operator depends on it (server-side apply with managedFields, RFC 7386
 * merge patch, strategic merge patch, label selectors, watches from a resourceVersion, Service nodePort allocation
 * and its 422s, owner-reference garbage collection, discovery/OpenAPI/Table for kubectl), plus test-only
 * {@link Faults fault injection}.
 *
 * <pre>{@code
 * try (ApiTestServer server = ApiTestServer.builder().build()) {
 *   server.start();
 *   server.installCrds(Path.of("crds"));
 *   KubernetesClient client = server.newClient();
 *   ...
 * }
 * }</pre>
 *
 * Plain HTTP on 127.0.0.1. A request without credentials is an administrator's; one with a ServiceAccount token
 * (TokenRequest API) is authorized by RBAC from the Roles and bindings stored, as kube-apiserver does it.
 */
public final class ApiTestServer extends KubernetesMockServer implements AutoCloseable {

  /** The real server's default {@code --service-node-port-range}. */
  public static final int DEFAULT_NODE_PORT_START = 30000;
  public static final int DEFAULT_NODE_PORT_END = 32767;

  private final ObjectStore store;
  private final Faults faults;
  private final ApiDispatcher dispatcher;
  private final GarbageCollector garbageCollector;
  private final CustomResourceSchema customResourceSchema;

  private ApiTestServer(ObjectStore store, ApiDispatcher dispatcher, Faults faults, GarbageCollector garbageCollector,
      CustomResourceSchema customResourceSchema) {
    super(new Context(Serialization.jsonMapper()), new StreamingMockWebServer(), new HashMap<>(), dispatcher, false);
    this.store = store;
    this.dispatcher = dispatcher;
    this.faults = faults;
    this.garbageCollector = garbageCollector;
    this.customResourceSchema = customResourceSchema;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options of the emulated cluster. */
  public static final class Builder {
    private int nodePortStart = DEFAULT_NODE_PORT_START;
    private int nodePortEnd = DEFAULT_NODE_PORT_END;
    private long seed = System.nanoTime();
    private Clock clock = Clock.systemUTC();

    /** The cluster's {@code --service-node-port-range}. */
    public Builder nodePortRange(int start, int end) {
      if (start < 1 || end > 65535 || start > end) {
        throw new IllegalArgumentException("invalid nodePort range " + start + "-" + end);
      }
      this.nodePortStart = start;
      this.nodePortEnd = end;
      return this;
    }

    /** Seed of the random nodePort choice, for reproducible runs. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Clock for timestamps (creationTimestamp, managedFields time). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The parts, from storage up, in the order a request passes them downwards (README, "Code map"). */
    public ApiTestServer build() {
      ObjectStore store = new ObjectStore();
      ResourceTypes types = new ResourceTypes();
      Faults faults = new Faults(store);
      ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "api-test-server-background");
        t.setDaemon(true);
        return t;
      });
      // what kube-controller-manager and the apiextensions controllers do, watching the store
      GarbageCollector garbageCollector = new GarbageCollector(store, background, () -> Timestamps.now(clock));
      store.addListener(garbageCollector);
      store.addListener(new NamespaceController(store, background));
      store.addListener(new CrdEstablishingController(store, types));
      // admission in kube-apiserver's order (each plugin's mutating step, then each one's validating step)
      CustomResourceSchema customResourceSchema = new CustomResourceSchema();
      AdmissionChain admission = new AdmissionChain(List.of(
          new NamespaceLifecycle(store, types),
          customResourceSchema,
          new ServiceNodePortAllocation(store, nodePortStart, nodePortEnd, seed),
          new CustomResourceDefinitionRules(),
          new IngressClassCheck(),
          new ResourceQuota(store)));
      GenericRegistry registry = new GenericRegistry(store, admission, garbageCollector, clock);
      KubectlSupport kubectl = new KubectlSupport(types, clock);
      Rbac rbac = new Rbac(store);
      HandlerChain chain = new HandlerChain(new ServiceAccountTokens(store, clock), rbac, kubectl, types,
          new HandlerChain.Handlers(
              new ReadHandler(store, kubectl, new WatchHandler(store, background, faults::takeWatchExpiry)),
              new CreateHandler(registry, rbac), new UpdateHandler(registry), new PatchHandler(registry),
              new DeleteHandler(registry)));
      return new ApiTestServer(store, new ApiDispatcher(chain, faults, store, background), faults, garbageCollector,
          customResourceSchema);
    }
  }

  /**
   * Called by {@link #start()} before the server listens: creates what every cluster has, the namespaces
   * {@code default}, {@code kube-system}, {@code kube-public}, {@code kube-node-lease}, and the
   * {@code default/kubernetes} Service.
   */
  @Override
  public void onStart() {
    for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
      dispatcher.bootstrap("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
          + "\"metadata\":{\"name\":\"" + ns + "\"}}");
    }
    dispatcher.bootstrap("/api/v1/namespaces/default/services", "{\"apiVersion\":\"v1\",\"kind\":\"Service\","
        + "\"metadata\":{\"name\":\"kubernetes\",\"labels\":{\"component\":\"apiserver\"}},"
        + "\"spec\":{\"ports\":[{\"name\":\"https\",\"port\":443,\"targetPort\":6443}]}}");
  }

  /** A new client for this server (default namespace {@code default}); the caller closes it. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(clientConfig()).build();
  }

  /**
   * The client configuration: fabric8's defaults (retries included, as in production) pointed at this server, default
   * namespace {@code default}.
   */
  public Config clientConfig() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withNamespace("default")
        .build();
  }

  /** The server's base URL, e.g. {@code http://127.0.0.1:40123}. */
  public String url() {
    return "http://127.0.0.1:" + getPort();
  }

  /** A kubeconfig for kubectl and other clients, as an administrator (no credentials). */
  public String kubeconfig() {
    return kubeconfig(null);
  }

  /**
   * A kubeconfig that authenticates with a bearer token, e.g. a ServiceAccount's from the TokenRequest API
   * ({@code client.serviceAccounts().withName(n).tokenRequest(...)}); null for none (an administrator).
   */
  public String kubeconfig(String token) {
    return String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: api-test-server",
        "  cluster:",
        "    server: " + url(),
        "contexts:",
        "- name: api-test-server",
        "  context:",
        "    cluster: api-test-server",
        "    user: api-test-server",
        "    namespace: default",
        "current-context: api-test-server",
        "users:",
        "- name: api-test-server",
        token == null ? "  user: {}" : "  user:\n    token: " + token,
        "");
  }

  /** Writes {@link #kubeconfig()} to a file and answers its path. */
  public Path writeKubeconfig(Path file) {
    return writeKubeconfig(file, null);
  }

  /** Writes {@link #kubeconfig(String)} to a file and answers its path. */
  public Path writeKubeconfig(Path file, String token) {
    try {
      Files.writeString(file, kubeconfig(token));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Installs the CustomResourceDefinitions in a YAML file or in the YAML files of a directory. */
  public void installCrds(Path fileOrDirectory) {
    try (KubernetesClient client = newClient(); Stream<Path> files = Files.isDirectory(fileOrDirectory)
        ? Files.list(fileOrDirectory).filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
            .sorted()
        : Stream.of(fileOrDirectory)) {
      for (Path file : files.toList()) {
        try (var in = Files.newInputStream(file)) {
          for (HasMetadata crd : client.load(in).items()) {
            client.resource(crd).create();
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Test-only: with {@code false}, custom resources are stored as sent (no pruning, defaulting or validation by the
   * CRD schema), as a server whose CRD schema was laxer when they were written; {@code true} (the default) is
   * kube-apiserver's behaviour.
   */
  public void validateCustomResources(boolean validate) {
    customResourceSchema.enabled(validate);
  }

  /** Test-only fault injection. */
  public Faults faults() {
    return faults;
  }

  /** Requests served so far. */
  public int requestCount() {
    return getRequestCount();
  }

  /**
   * One request the server answered: method, URI (path and query), the client's User-Agent header, and the HTTP
   * status of the answer (201 for an apply that created the object, which RBAC authorizes as create too).
   */
  public record Request(String method, String uri, String userAgent, int status) {

    public boolean isWrite() {
      return !method.equals("GET");
    }
  }

  /** Every request served so far, in arrival order (including the server's own bootstrap writes). */
  public List<Request> requests() {
    return dispatcher.requests();
  }

  /** Watches currently open. */
  public int openWatches() {
    return store.openWatchCount();
  }

  /** Runs the garbage collector now, for tests that want to observe a settled store. */
  public void collectGarbage() {
    garbageCollector.collectGarbage();
  }

  @Override
  public void close() {
    shutdown();
  }
}
