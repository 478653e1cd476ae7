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
import io.exposedapp.api.ExposedApp;
import io.exposedapp.apiserver.ApiTestServer;
import io.exposedapp.config.OperatorConfig;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.Conditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The product on one machine with no cluster: an in-process API server ({@link ApiTestServer}), the CRD from
 * {@code crds/}, the ExposedApps from {@code examples/}, the operator in its production configuration, and a report
 * of what it made.
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
      // no health or metrics ports here: the embedded run must not collide with anything listening on 8080/8081
      try (KubernetesClient client = server.newClient();
          ExposedAppOperator operator = new ExposedAppOperator(ExposedAppOperator.newClient(server.clientConfig()),
              config.withPorts(0, 0), Clock.systemUTC()).start()) {
        List<HasMetadata> applied = applyExamples(client, Path.of("examples"));
        out.printf("Embedded API server at %s; applied %d ExposedApps from examples/%n", server.url(), applied.size());
        boolean converged = awaitConverged(client, applied.size());
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

  private List<HasMetadata> applyExamples(KubernetesClient client, Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    List<HasMetadata> applied = new java.util.ArrayList<>();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        for (HasMetadata item : client.load(in).items()) {
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

  private boolean awaitConverged(KubernetesClient client, int expected) throws InterruptedException {
    Instant deadline = Instant.now().plus(CONVERGE_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      List<ExposedApp> apps = client.resources(ExposedApp.class).inAnyNamespace().list().getItems();
      long settled = apps.stream()
          .filter(a -> a.getStatus() != null && a.getStatus().observedGeneration() != null
              && a.getStatus().observedGeneration().equals(a.getMetadata().getGeneration()))
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
    out.printf("%-12s %-16s %-10s %s%n", "NAMESPACE", "SERVICE", "TYPE", "PORTS");
    for (Service s : client.services().inAnyNamespace().list().getItems()) {
      if (!"NodePort".equals(s.getSpec().getType())) {
        continue;
      }
      StringBuilder ports = new StringBuilder();
      s.getSpec().getPorts().forEach(p -> ports.append(ports.length() == 0 ? "" : ",")
          .append(p.getName()).append(' ').append(p.getPort()).append(':').append(p.getNodePort()).append('/')
          .append(p.getProtocol()));
      out.printf("%-12s %-16s %-10s %s%n", s.getMetadata().getNamespace(), s.getMetadata().getName(),
          s.getSpec().getType(), ports);
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
  }
}
