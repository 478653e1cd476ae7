package io.exposedapp.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import io.exposedapp.ExposedAppOperator;
import io.exposedapp.allocation.PortRange;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.NodePortPool;
import io.exposedapp.apiserver.ApiTestServer;
import io.exposedapp.config.OperatorConfig;
import io.exposedapp.gateway.DerivedGatewayCrds;
import io.exposedapp.gateway.l4.L4Route;
import io.exposedapp.gateway.l4.L4RouteKind;
import io.exposedapp.lbc.LbcApi;
import io.exposedapp.lbc.TargetGroupBinding;
import io.exposedapp.pool.Pools;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.Conditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The product on one machine with no cluster: an in-process API server ({@link ApiTestServer}), the CRDs from
 * {@code crds/} and CRDs derived for the Gateway API and LBC kinds the operator writes, the NodePortPools (and the
 * namespaces they select) from {@code examples/pools/}, the ExposedApps from {@code examples/}, the operator in its
 * production configuration, and a report of what it made.
 */
final class EmbeddedRun {

  private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(30);

  private final OperatorConfig config;
  private final boolean keepRunning;
  private final PrintStream out = System.out;

  EmbeddedRun(OperatorConfig config, boolean keepRunning) {
    this.config = config;
    this.keepRunning = keepRunning;
  }

  int run() throws Exception {
    try (ApiTestServer server = ApiTestServer.builder()
        .nodePortRange(config.nodePortRange().start(), config.nodePortRange().end()).build()) {
      server.start();
      server.installCrds(Path.of("crds"));
      // as a cluster with the Gateway API (experimental channel) and the AWS Load Balancer Controller's CRDs has them
      List<HasMetadata> gatewayCrds = new java.util.ArrayList<>(DerivedGatewayCrds.gatewayApi());
      gatewayCrds.addAll(DerivedGatewayCrds.lbc(LbcApi.V1));
      gatewayCrds.addAll(DerivedGatewayCrds.l4Routes("v1", "v1alpha2"));
      gatewayCrds.addAll(DerivedGatewayCrds.targetGroupBinding());
      try (KubernetesClient client = server.newClient()) {
        gatewayCrds.forEach(crd -> client.resource(crd).create());
      }
      // no health or metrics ports here: the embedded run must not collide with anything listening on 8080/8081
      try (KubernetesClient client = server.newClient();
          ExposedAppOperator operator = new ExposedAppOperator(ExposedAppOperator.newClient(server.clientConfig()),
              config.withPorts(0, 0), Clock.systemUTC()).start()) {
        // the pools first, and seen by the operator before any app is planned: a port drawn without them would stay
        List<HasMetadata> pools = apply(client, Path.of("examples", "pools"));
        boolean poolsSeen = awaitPoolsSeen(client);
        List<HasMetadata> applied = apply(client, Path.of("examples"));
        out.printf("Embedded API server at %s; applied %d NodePortPools from examples/pools/ and %d ExposedApps from "
            + "examples/%n", server.url(), pools.size(), applied.size());
        boolean converged = poolsSeen && awaitConverged(client, applied.size()) && awaitPoolsCounted(client);
        report(client);
        if (keepRunning) {
          Path kubeconfig = server.writeKubeconfig(Path.of("target", "embedded.kubeconfig").toAbsolutePath());
          out.printf("Serving until interrupted. Try: KUBECONFIG=%s kubectl get xapp -A%n", kubeconfig);
          new CountDownLatch(1).await();
        }
        return converged ? 0 : 1;
      }
    }
  }

  /** Creates what the folder's YAML files hold, in file order; answers what was created (Namespaces left out). */
  private List<HasMetadata> apply(KubernetesClient client, Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    List<HasMetadata> applied = new java.util.ArrayList<>();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        for (HasMetadata item : client.load(in).items()) {
          if (item instanceof Namespace) {
            client.resource(item).create();
            continue;
          }
          if ("NodePortPool".equals(item.getKind())) { // cluster-scoped
            applied.add(client.resource(item).create());
            continue;
          }
          String ns = item.getMetadata().getNamespace() == null ? "default" : item.getMetadata().getNamespace();
          if (client.namespaces().withName(ns).get() == null) {
            client.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
          }
          applied.add(client.resource(item).inNamespace(ns).create());
        }
      }
    }
    return applied;
  }

  /** Every pool has a status for its current spec: the operator's caches show it (it writes none before). */
  private boolean awaitPoolsSeen(KubernetesClient client) throws InterruptedException {
    return awaitPools(client, pool -> pool.getStatus() != null
        && java.util.Objects.equals(pool.getStatus().observedGeneration(), pool.getMetadata().getGeneration()));
  }

  /** Every pool's status counts the nodePorts the Services now have in its ranges (refreshed within a second). */
  private boolean awaitPoolsCounted(KubernetesClient client) throws InterruptedException {
    // every nodePort of every Service, a LoadBalancer's health check nodePort included
    List<Integer> nodePorts = client.services().inAnyNamespace().list().getItems().stream()
        .filter(s -> s.getSpec().getPorts() != null)
        .flatMap(s -> Stream.concat(s.getSpec().getPorts().stream().map(p -> p.getNodePort()),
            Stream.of(s.getSpec().getHealthCheckNodePort())))
        .filter(java.util.Objects::nonNull).toList();
    return awaitPools(client, pool -> pool.getStatus() != null && pool.getStatus().used() != null
        && pool.getStatus().used() == nodePorts.stream().filter(port -> pool.getSpec().ranges().stream()
            .map(PortRange::parse).anyMatch(r -> r.contains(port))).count());
  }

  private boolean awaitPools(KubernetesClient client, java.util.function.Predicate<NodePortPool> ready)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(CONVERGE_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (client.resources(NodePortPool.class).list().getItems().stream().allMatch(ready)) {
        return true;
      }
      Thread.sleep(200);
    }
    out.println("Not every NodePortPool was reconciled within " + CONVERGE_TIMEOUT.toSeconds() + "s");
    return false;
  }

  private boolean awaitConverged(KubernetesClient client, int expected) throws InterruptedException {
    Instant deadline = Instant.now().plus(CONVERGE_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      List<ExposedApp> apps = client.resources(ExposedApp.class).inAnyNamespace().list().getItems();
      long settled = apps.stream()
          .filter(a -> a.getStatus() != null && a.getStatus().observedGeneration() != null
              && a.getStatus().observedGeneration().equals(a.getMetadata().getGeneration())
              // an app created with its namespace may be seen first, and waits for the namespace's labels
              && !Conditions.find(a.getStatus().conditions(), ConditionTypes.PORTS_ALLOCATED)
                  .filter(c -> Pools.NAMESPACE_PENDING.equals(c.getReason())).isPresent())
          .count();
      if (apps.size() >= expected && settled == apps.size()) {
        return true;
      }
      Thread.sleep(200);
    }
    out.println("Not every ExposedApp was reconciled within " + CONVERGE_TIMEOUT.toSeconds() + "s");
    return false;
  }

  private void report(KubernetesClient client) {
    out.println();
    out.printf("%-12s %-16s %-8s %-28s %s%n", "NAMESPACE", "EXPOSEDAPP", "READY", "NODEPORTS", "REASON");
    for (ExposedApp app : client.resources(ExposedApp.class).inAnyNamespace().list().getItems()) {
      var conditions = app.getStatus() == null ? null : app.getStatus().conditions();
      var ready = Conditions.find(conditions, ConditionTypes.READY);
      out.printf("%-12s %-16s %-8s %-28s %s%n", app.getMetadata().getNamespace(), app.getMetadata().getName(),
          ready.map(c -> c.getStatus()).orElse("-"),
          app.getStatus() == null || app.getStatus().ports() == null ? "-" : app.getStatus().ports(),
          ready.map(c -> c.getReason() + ": " + c.getMessage()).orElse(""));
    }
    out.println();
    out.printf("%-12s %-16s %-12s %s%n", "NAMESPACE", "SERVICE", "TYPE", "PORTS");
    for (Service s : client.services().inAnyNamespace().list().getItems()) {
      if (!"NodePort".equals(s.getSpec().getType()) && !"LoadBalancer".equals(s.getSpec().getType())) {
        continue;
      }
      StringBuilder ports = new StringBuilder();
      s.getSpec().getPorts().forEach(p -> ports.append(ports.length() == 0 ? "" : ",")
          .append(p.getName()).append(' ').append(p.getPort()).append(':').append(p.getNodePort()).append('/')
          .append(p.getProtocol()));
      out.printf("%-12s %-16s %-12s %s%n", s.getMetadata().getNamespace(), s.getMetadata().getName(),
          s.getSpec().getType(), ports);
    }
    var pools = client.resources(NodePortPool.class).list().getItems();
    if (!pools.isEmpty()) {
      out.println();
      out.printf("%-12s %-24s %-6s %-6s %-6s %-8s %s%n", "POOL", "RANGES", "SIZE", "USED", "FREE", "DEFAULT",
          "NAMESPACES");
      for (NodePortPool pool : pools) {
        var status = pool.getStatus();
        out.printf("%-12s %-24s %-6s %-6s %-6s %-8s %s%n", pool.getMetadata().getName(),
            String.join(",", pool.getSpec().ranges()), status == null ? "-" : status.size(),
            status == null ? "-" : status.used(), status == null ? "-" : status.free(),
            pool.getSpec().servesUnselectedNamespaces(),
            status == null || status.namespaces() == null ? "-" : status.namespaces().stream()
                .map(n -> n.namespace() + ":" + n.used()).collect(java.util.stream.Collectors.joining(",")));
      }
    }
    var ingresses = client.network().v1().ingresses().inAnyNamespace().list().getItems();
    if (!ingresses.isEmpty()) {
      out.println();
      out.printf("%-12s %-16s %-8s %s%n", "NAMESPACE", "INGRESS", "CLASS", "RULES");
      for (var ingress : ingresses) {
        StringBuilder rules = new StringBuilder();
        ingress.getSpec().getRules().forEach(r -> r.getHttp().getPaths().forEach(p -> rules
            .append(rules.length() == 0 ? "" : ", ").append(r.getHost() == null ? "*" : r.getHost())
            .append(p.getPath()).append(" -> ").append(p.getBackend().getService().getName()).append(':')
            .append(p.getBackend().getService().getPort().getName())));
        out.printf("%-12s %-16s %-8s %s%n", ingress.getMetadata().getNamespace(), ingress.getMetadata().getName(),
            ingress.getSpec().getIngressClassName(), rules);
      }
      out.println("(No AWS Load Balancer Controller runs here, so ALB addresses stay pending: "
          + "IngressReady=False, reason AddressPending.)");
    }
    reportHttpRoutes(client);
    reportL4Routes(client);
    reportTargetGroupBindings(client);
  }

  /** The TCPRoutes, UDPRoutes and TLSRoutes of nlbGateway sections (v1, as the embedded server serves them). */
  private void reportL4Routes(KubernetesClient client) {
    List<L4Route> routes = new java.util.ArrayList<>();
    for (L4RouteKind kind : L4RouteKind.values()) {
      routes.addAll(client.resources(kind.type("v1")).inAnyNamespace().list().getItems());
    }
    if (routes.isEmpty()) {
      return;
    }
    out.println();
    out.printf("%-12s %-16s %-10s %-24s %s%n", "NAMESPACE", "ROUTE", "KIND", "PARENT", "BACKEND");
    for (L4Route route : routes) {
      var parent = route.getSpec().parentRefs().get(0);
      var backend = route.getSpec().rules().get(0).backendRefs().get(0);
      out.printf("%-12s %-16s %-10s %-24s %s%n", route.getMetadata().getNamespace(), route.getMetadata().getName(),
          route.getKind(), (parent.getNamespace() == null ? "" : parent.getNamespace() + "/") + parent.getName() + "/"
              + parent.getSectionName(), backend.getName() + ":" + backend.getPort());
    }
  }

  private void reportTargetGroupBindings(KubernetesClient client) {
    var bindings = client.resources(TargetGroupBinding.class).inAnyNamespace().list().getItems();
    if (bindings.isEmpty()) {
      return;
    }
    out.println();
    out.printf("%-12s %-16s %-16s %-12s %s%n", "NAMESPACE", "TARGETGROUPBINDING", "SERVICE:PORT", "OPENS",
        "TARGET GROUP");
    for (TargetGroupBinding binding : bindings) {
      var spec = binding.getSpec();
      String opens = spec.networking() == null ? "-" : spec.networking().ingress().stream()
          .flatMap(rule -> rule.ports().stream()).map(p -> p.port().getIntVal() + "/" + p.protocol())
          .collect(java.util.stream.Collectors.joining(","));
      out.printf("%-12s %-16s %-16s %-12s %s%n", binding.getMetadata().getNamespace(),
          binding.getMetadata().getName(), spec.serviceRef().name() + ":" + (spec.serviceRef().port().getIntVal()
              != null ? spec.serviceRef().port().getIntVal() : spec.serviceRef().port().getStrVal()), opens,
          spec.targetGroupARN() != null ? spec.targetGroupARN() : spec.targetGroupName());
    }
    out.println("(Nor does it bind target groups: TargetGroupBindingsReady=False, reason BindingPending, until LBC "
        + "observes the bindings.)");
  }

  private void reportHttpRoutes(KubernetesClient client) {
    var routes = client.resources(HTTPRoute.class).inAnyNamespace().list().getItems();
    if (routes.isEmpty()) {
      return;
    }
    out.println();
    out.printf("%-12s %-16s %-24s %s%n", "NAMESPACE", "HTTPROUTE", "PARENTS", "RULES");
    for (HTTPRoute route : routes) {
      String parents = route.getSpec().getParentRefs().stream()
          .map(p -> (p.getNamespace() == null ? "" : p.getNamespace() + "/") + p.getName()
              + (p.getSectionName() == null ? "" : "/" + p.getSectionName()))
          .collect(java.util.stream.Collectors.joining(","));
      List<String> hosts = route.getSpec().getHostnames() == null || route.getSpec().getHostnames().isEmpty()
          ? List.of("*") : route.getSpec().getHostnames();
      StringBuilder rules = new StringBuilder();
      for (String host : hosts) {
        route.getSpec().getRules().forEach(rule -> rule.getMatches().forEach(match -> rules
            .append(rules.length() == 0 ? "" : ", ").append(host).append(match.getPath().getValue())
            .append(" -> ").append(rule.getBackendRefs().get(0).getName()).append(':')
            .append(rule.getBackendRefs().get(0).getPort())));
      }
      out.printf("%-12s %-16s %-24s %s%n", route.getMetadata().getNamespace(), route.getMetadata().getName(), parents,
          rules);
    }
    out.println("(Nor does it program Gateways: GatewayReady=False until the Gateway exists and LBC accepts the "
        + "route.)");
  }
}
