package io.exposedapp.reliability;

import static io.exposedapp.testing.OperatorHarness.app;
import static io.exposedapp.testing.OperatorHarness.port;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.ExposedAppOperator;
import io.exposedapp.apiserver.ApiTestServer.Request;
import io.exposedapp.config.OperatorConfig;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.Waits;

/**
 * How an operator starts: which lists it makes of the API server, and which wait for which. On the API test server
 * only (its fault injection holds a response back).
 */
class OperatorStartTest {

  @RegisterExtension
  static final OperatorHarness op = OperatorHarness.apiServerOnly();

  /**
   * The lists of the ExposedApp controller's other informers: every Service, the Ingresses, the Namespaces, and the
   * LBC's Events on TargetGroupBindings. (NodePortPools are listed by their own controller too, which JOSDK starts
   * beside this one anyway.)
   */
  private static final Set<String> SECONDARY_LISTS = Set.of("/api/v1/services", "/apis/networking.k8s.io/v1/ingresses",
      "/api/v1/namespaces", "/api/v1/events");

  /**
   * Long enough that a list made only after the apps' list cannot be mistaken for one made beside it, within
   * the client's 10 s request timeout.
   */
  private static final Duration APPS_LIST_HELD = Duration.ofSeconds(8);

  @Test
  void theControllersOtherInformersListWhileTheAppsListIsStillUnanswered() {
    String ns = op.newNamespace();
    op.create(app(ns, "web", port("http", 80)));
    var appsList = op.server().faults().delayNext(1, "GET",
        "^/apis/exposedapp\\.io/v1alpha1/exposedapps\\?(?!.*watch=true)", APPS_LIST_HELD);
    int mark = op.server().requests().size();

    try (ExposedAppOperator operator = op.newOperator(OperatorConfig.defaults().withPorts(0, 0))) {
      CompletableFuture<ExposedAppOperator> started = CompletableFuture.supplyAsync(operator::start);
      // either may come first; both well before the apps' list is answered
      Waits.await().atMost(APPS_LIST_HELD.minusSeconds(2))
          .until(() -> appsList.fired() == 1 && listed(mark).containsAll(SECONDARY_LISTS));
      assertThat(started).as("the operator still waits for the apps' list").isNotDone();

      started.join();
      op.awaitReady(ns, "web");
    }
  }

  /** What the operator listed since the mark: each list's path. */
  private static Set<String> listed(int mark) {
    List<Request> all = op.server().requests();
    return all.subList(mark, all.size()).stream()
        .filter(r -> r.userAgent().startsWith(ExposedAppOperator.USER_AGENT))
        .filter(r -> r.method().equals("GET") && r.uri().contains("?") && !r.uri().contains("watch=true"))
        .map(r -> r.uri().substring(0, r.uri().indexOf('?')))
        .collect(Collectors.toSet());
  }
}
