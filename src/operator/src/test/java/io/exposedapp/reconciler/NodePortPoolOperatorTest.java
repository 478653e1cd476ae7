package io.exposedapp.reconciler;

import static io.exposedapp.testing.OperatorHarness.app;
import static io.exposedapp.testing.OperatorHarness.port;
import static io.exposedapp.testing.OperatorHarness.statusNodePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.ExposedAppOperator;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppSpec;
import io.exposedapp.api.NodePortPool;
import io.exposedapp.api.NodePortPoolSpec;
import io.exposedapp.api.NodePortPoolStatus;
import io.exposedapp.config.OperatorConfig;
import io.exposedapp.pool.Pools;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.status.Conditions;
import io.exposedapp.status.EventRecorder;
import io.exposedapp.status.PoolStatusFactory;
import io.exposedapp.status.StatusFactory;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.Waits;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * NodePortPools in the running operator, one rule per test: where an app draws from (selected, by priority, named,
 * default, none), explicit requests, quotas, a live pool changed or deleted, an invalid pool, and what a pool shows.
 * Pools are cluster-wide: each test labels its own namespaces, uses ranges no other test uses, waits until the operator
 * has written its pools' status (its caches show them) before creating apps, and deletes its pools afterwards.
 */
@Tag("real-apiserver")
class NodePortPoolOperatorTest {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness();

  @AfterEach
  void deletePools() {
    op.client().resources(NodePortPool.class).delete();
    Waits.await().until(() -> op.client().resources(NodePortPool.class).list().getItems()
        .isEmpty());
  }

  private static NodePortPool createPool(String name, String spec) {
    NodePortPool pool = op.client().resource(Serialization.unmarshal("""
        apiVersion: exposedapp.io/v1alpha1
        kind: NodePortPool
        metadata: {name: %s}
        spec: %s
        """.formatted(name, spec), NodePortPool.class)).create();
    return awaitPool(name, p -> p.getStatus() != null
        && Objects.equals(p.getStatus().observedGeneration(), p.getMetadata().getGeneration()));
  }

  private static NodePortPool awaitPool(String name, Predicate<NodePortPool> predicate) {
    Waits.await().until(() -> {
      NodePortPool pool = op.client().resources(NodePortPool.class).withName(name).get();
      return pool != null && predicate.test(pool);
    });
    return op.client().resources(NodePortPool.class).withName(name).get();
  }

  private static NodePortPool editPool(String name, String spec) {
    NodePortPool edited = retryingOnConflict(() -> op.client().resources(NodePortPool.class).withName(name)
        .edit(p -> {
          p.setSpec(Serialization.unmarshal("kind: NodePortPool\napiVersion: exposedapp.io/v1alpha1\nspec: " + spec,
              NodePortPool.class).getSpec());
          return p;
        }));
    long generation = edited.getMetadata().getGeneration();
    return awaitPool(name, p -> p.getStatus() != null
        && Objects.equals(p.getStatus().observedGeneration(), generation));
  }

  /**
   * An edit (read, change, write with the read resourceVersion) tried again when the operator wrote the object's status
   * in between (409), as a user tries {@code kubectl edit} again.
   */
  private static <T> T retryingOnConflict(java.util.function.Supplier<T> edit) {
    for (int attempt = 1;; attempt++) {
      try {
        return edit.get();
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }

  /** A new namespace created with {@code team=<team>} (labelled from the start: the app never sees it unlabelled). */
  private static String labelledNamespace(String team) {
    return op.newNamespace(java.util.Map.of("team", team));
  }

  private static String message(ExposedApp app, String type) {
    return Conditions.find(app.getStatus().conditions(), type).map(Condition::getMessage).orElse("");
  }

  private static Condition poolCondition(NodePortPool pool, String type) {
    return Conditions.find(pool.getStatus().conditions(), type).orElseThrow();
  }

  @Test
  void anAppDrawsTheLowestFreePortsOfThePoolThatSelectsItsNamespaceAndThePoolCountsThem() {
    createPool("p1", "{ranges: [31000-31009], namespaceSelector: {matchLabels: {team: t1}}}");
    String ns = labelledNamespace("t1");

    ExposedApp web = op.create(app(ns, "web", port("http", 80), port("https", 443)));
    web = op.awaitReady(ns, "web");

    assertThat(statusNodePort(web, "http")).isEqualTo(31000);
    assertThat(statusNodePort(web, "https")).isEqualTo(31001);
    NodePortPool pool = awaitPool("p1", p -> Integer.valueOf(2).equals(p.getStatus().used()));
    assertThat(pool.getStatus().size()).isEqualTo(10);
    assertThat(pool.getStatus().free()).isEqualTo(8);
    assertThat(pool.getStatus().largestFreeBlock()).isEqualTo(8);
    assertThat(pool.getStatus().ranges()).isEqualTo("31000-31009");
    assertThat(pool.getStatus().namespaceCount()).isEqualTo(1);
    assertThat(pool.getStatus().namespaces()).containsExactly(new NodePortPoolStatus.NamespaceUsage(ns, 2));
    assertThat(poolCondition(pool, PoolStatusFactory.VALID).getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(poolCondition(pool, PoolStatusFactory.PORTS_AVAILABLE).getMessage()).isEqualTo("8 of 10 nodePorts free");
  }

  @Test
  void poolsSelectingTheSameNamespaceAreDrawnFromByPriorityAndAnExhaustedPoolSaysSoOnce() {
    createPool("later", "{ranges: [31020-31020], priority: 10, namespaceSelector: {matchLabels: {team: t2}}}");
    createPool("first", "{ranges: [31030-31030], priority: 1, namespaceSelector: {matchLabels: {team: t2}}}");
    String ns = labelledNamespace("t2");

    op.create(app(ns, "one", port("http", 80)));
    assertThat(statusNodePort(op.awaitReady(ns, "one"), "http")).isEqualTo(31030);
    op.create(app(ns, "two", port("http", 80)));
    assertThat(statusNodePort(op.awaitReady(ns, "two"), "http")).isEqualTo(31020);
    op.create(app(ns, "three", port("http", 80)));
    ExposedApp three = op.awaitReason(ns, "three", ConditionTypes.PORTS_ALLOCATED,
        Reasons.NODE_PORT_RANGE_EXHAUSTED);

    assertThat(message(three, ConditionTypes.PORTS_ALLOCATED)).contains("NodePortPool first (31030-31030)",
        "NodePortPool later (31020-31020)");
    for (String name : List.of("first", "later")) {
      NodePortPool pool = awaitPool(name, p -> Integer.valueOf(0).equals(p.getStatus().free()));
      assertThat(poolCondition(pool, PoolStatusFactory.PORTS_AVAILABLE).getReason())
          .isEqualTo(PoolStatusFactory.EXHAUSTED);
      Waits.await().until(() -> op.events(EventRecorder.CLUSTER_SCOPED_EVENTS_NAMESPACE,
          name, NodePortPoolReconciler.EXHAUSTED).size() == 1);
    }
  }

  @Test
  void anAppNamingItsPoolDrawsOnlyFromItAndIsToldWhenThePoolIsMissingOrNotItsNamespaces() {
    createPool("team-a", "{ranges: [31040-31044], namespaceSelector: {matchLabels: {team: t3}}}");
    createPool("team-a-spare", "{ranges: [31045-31049], priority: 5, namespaceSelector: {matchLabels: {team: t3}}}");
    createPool("team-b", "{ranges: [31050-31054], namespaceSelector: {matchLabels: {team: t3b}}}");
    String ns = labelledNamespace("t3");

    op.create(withPool(app(ns, "named", port("http", 80)), "team-a-spare"));
    op.create(withPool(app(ns, "missing", port("http", 80)), "nope"));
    op.create(withPool(app(ns, "foreign", port("http", 80)), "team-b"));

    assertThat(statusNodePort(op.awaitReady(ns, "named"), "http")).isEqualTo(31045);
    ExposedApp missing = op.awaitReason(ns, "missing", ConditionTypes.PORTS_ALLOCATED, Pools.POOL_NOT_FOUND);
    assertThat(message(missing, ConditionTypes.PORTS_ALLOCATED))
        .isEqualTo("port http can get no nodePort: spec.pool: NodePortPool nope does not exist; the ports it holds "
            + "are kept");
    String notAllowed = "port http can get no nodePort: spec.pool: NodePortPool team-b does not serve namespace " + ns
        + "; it may use team-a, team-a-spare; the ports it holds are kept";
    op.awaitApp(ns, "foreign", a -> message(a, ConditionTypes.PORTS_ALLOCATED).equals(notAllowed));
    Waits.await().until(() -> op.events(ns, "foreign", Pools.POOL_NOT_ALLOWED).stream()
        .anyMatch(e -> e.getMessage().equals(notAllowed)));
    assertThat(op.service(ns, "missing")).isNull();
  }

  @Test
  void aNamespaceNoPoolSelectsIsRefusedUntilADefaultPoolServesIt() {
    createPool("selective", "{ranges: [31060-31064], namespaceSelector: {matchLabels: {team: t4}}}");
    String unselected = op.newNamespace();

    op.create(app(unselected, "orphan", port("http", 80)));
    ExposedApp refused = op.awaitReason(unselected, "orphan", ConditionTypes.PORTS_ALLOCATED, Pools.NO_POOL);
    assertThat(message(refused, ConditionTypes.PORTS_ALLOCATED)).contains("no NodePortPool selects namespace "
        + unselected + " and none is marked default");

    createPool("fallback", "{ranges: [31065-31069], default: true}");
    assertThat(statusNodePort(op.awaitReady(unselected, "orphan"), "http")).isEqualTo(31065);
  }

  @Test
  void anAppSeenBeforeItsNewNamespaceWaitsForTheNamespacesLabelsInsteadOfDrawingFromTheWrongPool() {
    createPool("team14", "{ranges: [31180-31184], namespaceSelector: {matchLabels: {team: t14}}}");
    createPool("rest14", "{ranges: [31185-31189], default: true}");
    // the operator's namespace watch lags: it sees the app before the namespace the app was created with
    // (its watch is ended and the next attempts to re-open it fail, so it resumes after fabric8's back-off)
    op.server().faults().failNext(2, "GET", "/api/v1/namespaces\\?.*watch=true", 500);
    op.server().faults().closeAllWatches();
    String ns = labelledNamespace("t14");
    op.create(app(ns, "web", port("http", 80)));

    ExposedApp waiting = op.awaitReason(ns, "web", ConditionTypes.PORTS_ALLOCATED, Pools.NAMESPACE_PENDING);
    assertThat(message(waiting, ConditionTypes.PORTS_ALLOCATED)).contains("namespace " + ns + " is not known to the "
        + "operator yet");
    assertThat(statusNodePort(op.awaitReady(ns, "web"), "http")).isEqualTo(31180);
    assertThat(op.events(ns, "web", Pools.NAMESPACE_PENDING)).as("a wait, not a warning").isEmpty();
  }

  @Test
  void labellingANamespaceLetsItsWaitingAppDrawFromThePoolThatNowSelectsIt() {
    createPool("p5", "{ranges: [31070-31074], namespaceSelector: {matchLabels: {team: t5}}}");
    String ns = op.newNamespace();
    op.create(withPool(app(ns, "web", port("http", 80)), "p5"));
    op.awaitReason(ns, "web", ConditionTypes.PORTS_ALLOCATED, Pools.POOL_NOT_ALLOWED);

    op.labelNamespace(ns, "team", "t5");

    assertThat(statusNodePort(op.awaitReady(ns, "web"), "http")).isEqualTo(31070);
  }

  @Test
  void anExplicitNodePortMustLieInTheAppsPoolsAndOneHeldInThemIsAConflictNamingTheHolder() {
    createPool("x", "{ranges: [31080-31084], namespaceSelector: {matchLabels: {team: t6x}}}");
    createPool("y", "{ranges: [31085-31089], namespaceSelector: {matchLabels: {team: t6y}}}");
    String nsX = labelledNamespace("t6x");
    String nsY = labelledNamespace("t6y");

    op.create(app(nsY, "other-team", port("http", 80, 31085)));
    op.create(app(nsX, "pinned", port("http", 80, 31082)));
    op.awaitReady(nsY, "other-team");
    op.awaitReady(nsX, "pinned");
    op.create(app(nsX, "elsewhere", port("http", 80, 31085)));
    op.create(app(nsX, "taken", port("http", 80, 31082)));

    ExposedApp elsewhere = op.awaitReason(nsX, "elsewhere", ConditionTypes.PORTS_ALLOCATED,
        Reasons.NODE_PORT_OUT_OF_RANGE);
    assertThat(message(elsewhere, ConditionTypes.PORTS_ALLOCATED)).isEqualTo("nodePort 31085 of port http is "
        + "outside the NodePortPools the app may use: NodePortPool x (31080-31084)");
    ExposedApp taken = op.awaitReason(nsX, "taken", ConditionTypes.PORTS_ALLOCATED, Reasons.NODE_PORT_CONFLICT);
    assertThat(message(taken, ConditionTypes.PORTS_ALLOCATED)).contains("Service " + nsX + "/pinned");
  }

  @Test
  void aQuotaRefusesNewPortsWithTheFiguresAndNeverTakesAwayHeldOnes() {
    createPool("quota", "{ranges: [31090-31099], maxPortsPerNamespace: 2, namespaceSelector: "
        + "{matchLabels: {team: t7}}}");
    String ns = labelledNamespace("t7");
    op.create(app(ns, "first", port("http", 80), port("https", 443)));
    ExposedApp first = op.awaitReady(ns, "first");
    op.create(app(ns, "second", port("http", 80)));

    ExposedApp second = op.awaitReason(ns, "second", ConditionTypes.PORTS_ALLOCATED,
        Reasons.NODE_PORT_QUOTA_EXCEEDED);
    assertThat(message(second, ConditionTypes.PORTS_ALLOCATED)).isEqualTo("port http would exceed NodePortPool "
        + "quota's limit of 2 nodePorts per namespace (the namespace holds 2); the ports it holds are kept");
    assertThat(op.events(ns, "second", Reasons.NODE_PORT_QUOTA_EXCEEDED)).hasSize(1);

    editPool("quota", "{ranges: [31090-31099], maxPortsPerNamespace: 1, namespaceSelector: "
        + "{matchLabels: {team: t7}}}");
    // a new generation of the app, planned under the lower quota
    long generation = retryingOnConflict(() -> op.apps().inNamespace(ns).withName("first").edit(a -> {
      ExposedAppSpec s = a.getSpec();
      a.setSpec(new ExposedAppSpec(s.selector(), s.serviceName(), s.ports(), s.externalTrafficPolicy(),
          java.util.Map.of("touched", "yes"), s.ingress(), s.adopt(), s.pool()));
      return a;
    })).getMetadata().getGeneration();
    ExposedApp kept = op.awaitApp(ns, "first", a -> Long.valueOf(generation).equals(a.getStatus().observedGeneration()));
    assertThat(kept.getStatus().ports()).isEqualTo(first.getStatus().ports());
    assertThat(Conditions.isTrue(kept.getStatus().conditions(), ConditionTypes.READY)).isTrue();

    editPool("quota", "{ranges: [31090-31099], maxPortsPerNamespace: 3, namespaceSelector: "
        + "{matchLabels: {team: t7}}}");
    assertThat(statusNodePort(op.awaitReady(ns, "second"), "http")).isEqualTo(31092);
  }

  @Test
  void changingOrDeletingALivePoolMovesNoPortAndTheAppIsToldOnceAndStaysReady() {
    createPool("live", "{ranges: [31100-31104], namespaceSelector: {matchLabels: {team: t8}}}");
    String ns = labelledNamespace("t8");
    op.create(app(ns, "web", port("http", 80)));
    assertThat(statusNodePort(op.awaitReady(ns, "web"), "http")).isEqualTo(31100);
    String serviceUid = op.service(ns, "web").getMetadata().getUid();

    editPool("live", "{ranges: [31105-31109], namespaceSelector: {matchLabels: {team: t8}}}");

    ExposedApp told = op.awaitApp(ns, "web", a -> message(a, ConditionTypes.PORTS_ALLOCATED)
        .contains(StatusFactory.OUTSIDE_POOLS));
    assertThat(message(told, ConditionTypes.PORTS_ALLOCATED)).isEqualTo("http:31100; http:31100 "
        + StatusFactory.OUTSIDE_POOLS + " NodePortPool live (31105-31109) and kept, because a moved nodePort breaks "
        + "the ALB target group behind it");
    assertThat(Conditions.isTrue(told.getStatus().conditions(), ConditionTypes.READY)).isTrue();
    assertThat(OperatorHarness.nodePort(op.service(ns, "web"), "http")).isEqualTo(31100);
    assertThat(op.service(ns, "web").getMetadata().getUid()).isEqualTo(serviceUid);
    Waits.await().until(() -> op.events(ns, "web",
        ExposedAppReconciler.NODE_PORTS_KEPT_OUTSIDE_RANGE).size() == 1);
    op.create(app(ns, "next", port("http", 80)));
    assertThat(statusNodePort(op.awaitReady(ns, "next"), "http")).isEqualTo(31105);

    op.client().resources(NodePortPool.class).withName("live").delete();

    Waits.await().untilAsserted(() -> {
      ExposedApp after = op.get(ns, "web");
      assertThat(statusNodePort(after, "http")).isEqualTo(31100);
      assertThat(Conditions.isTrue(after.getStatus().conditions(), ConditionTypes.READY)).isTrue();
      assertThat(message(after, ConditionTypes.PORTS_ALLOCATED)).doesNotContain(StatusFactory.OUTSIDE_POOLS);
    });
    assertThat(OperatorHarness.nodePort(op.service(ns, "web"), "http")).isEqualTo(31100);
    assertThat(statusNodePort(op.get(ns, "next"), "http")).isEqualTo(31105);
  }

  @Test
  void aPoolOverlappingALiveOneIsInvalidAndAllocatesNothingWhileTheLiveOneKeepsAllocating() {
    // created within the same second, pools are ordered by name: "live9" must come first here either way
    createPool("live9", "{ranges: [31110-31114], namespaceSelector: {matchLabels: {team: t9}}}");
    NodePortPool bad = createPool("overlapping9", "{ranges: [31114-31119], namespaceSelector: {matchLabels: {team: t9b}}}");
    String ns = labelledNamespace("t9");
    String nsBad = labelledNamespace("t9b");

    assertThat(poolCondition(bad, PoolStatusFactory.VALID).getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(poolCondition(bad, PoolStatusFactory.VALID).getReason()).isEqualTo(Pools.OVERLAP);
    assertThat(poolCondition(bad, PoolStatusFactory.VALID).getMessage()).startsWith("spec.ranges: 31114-31119 "
        + "overlaps NodePortPool live9's 31110-31114, created before it");
    op.create(app(ns, "good", port("http", 80)));
    op.create(app(nsBad, "stuck", port("http", 80)));

    assertThat(statusNodePort(op.awaitReady(ns, "good"), "http")).isEqualTo(31110);
    op.awaitReason(nsBad, "stuck", ConditionTypes.PORTS_ALLOCATED, Pools.POOL_INVALID);

    editPool("overlapping9", "{ranges: [31115-31119], namespaceSelector: {matchLabels: {team: t9b}}}");
    assertThat(statusNodePort(op.awaitReady(nsBad, "stuck"), "http")).isEqualTo(31115);
    assertThat(poolCondition(awaitPool("overlapping9", p -> Conditions.isTrue(p.getStatus().conditions(),
        PoolStatusFactory.VALID)), PoolStatusFactory.VALID).getReason()).isEqualTo(PoolStatusFactory.VALID);
  }

  /** Runs the block with the harness's operator replaced by one that serves /metrics on the port it is given. */
  private static void withMetricsOperator(java.util.function.IntConsumer block) {
    op.stopOperator();
    int metrics = OperatorHarness.freeLocalPort();
    try (ExposedAppOperator withMetrics = op.newOperator(OperatorConfig.defaults().withPorts(0, metrics)).start()) {
      block.accept(metrics);
    } finally {
      op.startOperator();
    }
  }

  @Test
  void thePoolMetricsGiveSizeUsedAndFreePerPool() {
    withMetricsOperator(metrics -> {
      createPool("m10", "{ranges: [31120-31129], namespaceSelector: {matchLabels: {team: t10}}}");
      String ns = labelledNamespace("t10");
      op.create(app(ns, "web", port("http", 80), port("https", 443)));
      op.awaitReady(ns, "web");

      Waits.await().untilAsserted(() -> assertThat(OperatorHarness.scrapeMetrics(metrics))
          .contains("exposedapp_pool_nodeports_size{pool=\"m10\"} 10.0",
              "exposedapp_pool_nodeports_used{pool=\"m10\"} 2.0",
              "exposedapp_pool_nodeports_free{pool=\"m10\"} 8.0"));
    });
  }

  @Test
  void thePoolsStatusChangingAsAppsDrawPortsReplansNoOtherApp() {
    withMetricsOperator(metrics -> {
      createPool("busy", "{ranges: [31130-31159], namespaceSelector: {matchLabels: {team: t11}}}");
      String ns = labelledNamespace("t11");
      for (int i = 0; i < 10; i++) {
        op.create(app(ns, "app-" + i, port("http", 80)));
      }
      for (int i = 0; i < 10; i++) {
        op.awaitReady(ns, "app-" + i);
      }
      awaitPool("busy", p -> Integer.valueOf(10).equals(p.getStatus().used()));
      double before = reconciles(metrics);

      op.create(app(ns, "one-more", port("http", 80)));
      op.awaitReady(ns, "one-more");
      awaitPool("busy", p -> Integer.valueOf(11).equals(p.getStatus().used()));

      // the new app's own few reconciles, not one more for each of the ten (the pool's status changed, its spec not)
      await().during(java.time.Duration.ofSeconds(2)).atMost(OperatorHarness.TIMEOUT)
          .untilAsserted(() -> assertThat(reconciles(metrics) - before).isLessThan(10));
    });
  }

  /** exposedapp_reconciles_total, all outcomes. */
  private static double reconciles(int metricsPort) {
    return OperatorHarness.scrapeMetrics(metricsPort).lines().filter(l -> l.startsWith("exposedapp_reconciles_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  @Test
  void aPoolThatNoLongerSelectsTheNamespaceMovesNoPortAndTheAppStaysReady() {
    createPool("moving", "{ranges: [31160-31164], namespaceSelector: {matchLabels: {team: t12}}}");
    createPool("rest12", "{ranges: [31165-31169], default: true}");
    String ns = labelledNamespace("t12");
    op.create(app(ns, "web", port("http", 80)));
    assertThat(statusNodePort(op.awaitReady(ns, "web"), "http")).isEqualTo(31160);

    editPool("moving", "{ranges: [31160-31164], namespaceSelector: {matchLabels: {team: someone-else}}}");

    ExposedApp told = op.awaitApp(ns, "web", a -> message(a, ConditionTypes.PORTS_ALLOCATED)
        .contains(StatusFactory.OUTSIDE_POOLS));
    assertThat(message(told, ConditionTypes.PORTS_ALLOCATED)).contains("NodePortPool rest12 (31165-31169)");
    assertThat(statusNodePort(told, "http")).isEqualTo(31160);
    assertThat(Conditions.isTrue(told.getStatus().conditions(), ConditionTypes.READY)).isTrue();
    assertThat(OperatorHarness.nodePort(op.service(ns, "web"), "http")).isEqualTo(31160);
  }

  @Test
  void aPoolStatusChangedBySomeoneElseIsRestored() {
    NodePortPool pool = createPool("edited", "{ranges: [31170-31179], namespaceSelector: {matchLabels: {team: t13}}}");
    NodePortPoolStatus original = pool.getStatus();
    // after the pass over every pool that the pool's creation scheduled: only the edit itself can restore it now
    Waits.untilQuiet("NodePortPool edited", () -> op.client().resources(NodePortPool.class).withName("edited").get()
        .getMetadata().getResourceVersion().hashCode(), NodePortPoolReconciler.COALESCE.multipliedBy(2));

    op.client().resources(NodePortPool.class).withName("edited").editStatus(p -> {
      p.setStatus(new NodePortPoolStatus(original.observedGeneration(), original.ranges(), 999, 999, 0, 0, 0, null,
          original.conditions()));
      return p;
    });

    awaitPool("edited", p -> original.equals(p.getStatus()));
  }

  private static ExposedApp withPool(ExposedApp app, String pool) {
    var s = app.getSpec();
    app.setSpec(new ExposedAppSpec(s.selector(), s.serviceName(), s.ports(),
        s.externalTrafficPolicy(), s.serviceAnnotations(), s.ingress(), s.adopt(), pool));
    return app;
  }
}
