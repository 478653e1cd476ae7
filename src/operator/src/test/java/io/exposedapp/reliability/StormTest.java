package io.exposedapp.reliability;

import static io.exposedapp.testing.OperatorHarness.app;
import static io.exposedapp.testing.OperatorHarness.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.ExposedAppOperator;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.PortSpec;
import io.exposedapp.config.OperatorConfig;
import io.exposedapp.config.OperatorConfig.LeaderElection;
import io.exposedapp.plan.NodePortPlanner;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.Waits;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/**
 * Storms, crashes and failovers with the real operator against the API test server, checking {@link Invariants}.
 * Sizes scale with {@code -Dreliability.scale=N} (the soak profile uses 10); the default keeps the suite short.
 */
@Tag("real-apiserver")
class StormTest {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness();

  static final int SCALE = Integer.getInteger("reliability.scale", 1);
  static final int RUNS = Integer.getInteger("reliability.runs", 1);
  static final long SEED = Long.getLong("reliability.seed", System.nanoTime());

  /** A storm's plan: what to create, in which namespace. */
  private record Storm(String namespace, List<ExposedApp> apps) {
  }

  /**
   * {@code size} apps: 70% automatic ports (one or two), 20% explicit unique ports in the upper range, 10% requesting
   * one of five shared explicit ports (all but one per port must get a NodePortConflict naming the holder).
   */
  private static Storm storm(String namespace, int size, Random random) {
    List<ExposedApp> apps = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String name = "app-" + i;
      int kind = random.nextInt(10);
      List<PortSpec> ports = new ArrayList<>();
      if (kind < 7) {
        ports.add(port("http", 80));
        if (random.nextBoolean()) {
          ports.add(port("https", 443));
        }
      } else if (kind < 9) {
        ports.add(port("http", 80, 32000 + i));
      } else {
        ports.add(port("http", 80, 31500 + i % 5));
      }
      apps.add(app(namespace, name, ports.toArray(PortSpec[]::new)));
    }
    return new Storm(namespace, apps);
  }

  /** Creates the apps from 8 threads; while they run, deletes and re-creates some and adds foreign Services. */
  private static Map<String, String> unleash(Storm storm, Random random) throws Exception {
    Map<String, String> foreign = new HashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (ExposedApp app : storm.apps()) {
        futures.add(pool.submit(() -> op.create(app)));
      }
      // foreign Services on ports the operator is about to choose: just above the highest it has handed out so far
      for (int i = 0; i < 10 * SCALE; i++) {
        int nodePort = highestAllocatedBelow(32000) + 1 + random.nextInt(30);
        try {
          Service s = op.client().services().inNamespace(storm.namespace()).resource(new ServiceBuilder()
              .withNewMetadata().withName("foreign-" + i).endMetadata().withNewSpec().withType("NodePort")
              .addNewPort().withPort(80).withNodePort(nodePort).endPort().endSpec().build()).create();
          foreign.put(storm.namespace() + "/foreign-" + i, s.getMetadata().getResourceVersion());
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
          // 422: the operator (or another foreign Service) got there first; the API server keeps them unique
          assertThat(e.getCode()).isEqualTo(422);
        }
      }
      for (Future<?> f : futures) {
        f.get();
      }
      // churn: delete some apps and create them again (where a garbage collector takes their Services along)
      for (int i = 0; op.collectsGarbage() && i < storm.apps().size() / 10; i++) {
        ExposedApp victim = storm.apps().get(random.nextInt(storm.apps().size()));
        String name = victim.getMetadata().getName();
        op.apps().inNamespace(storm.namespace()).withName(name).delete();
        Waits.await().until(() -> op.get(storm.namespace(), name) == null);
        victim.getMetadata().setResourceVersion(null);
        victim.getMetadata().setUid(null);
        victim.setStatus(null);
        op.create(victim);
      }
    } finally {
      pool.shutdown();
    }
    return foreign;
  }

  /** The highest nodePort below {@code limit} that any Service holds (the allocator's frontier, lowest-first). */
  private static int highestAllocatedBelow(int limit) {
    return op.client().services().inAnyNamespace().list().getItems().stream()
        .flatMap(s -> s.getSpec().getPorts().stream())
        .map(p -> p.getNodePort() == null ? 0 : p.getNodePort())
        .filter(p -> p < limit)
        .max(Integer::compare)
        .orElse(30000);
  }

  /** Deletes a scenario's namespace and waits until its Services are gone: the next scenario gets the ports back. */
  private static void cleanUp(String namespace) {
    if (op.collectsGarbage()) {
      op.client().namespaces().withName(namespace).delete();
    } else {
      // no namespace controller or garbage collector (kube-api-test): delete what holds ports
      op.apps().inNamespace(namespace).delete();
      op.client().services().inNamespace(namespace).delete();
    }
    await().atMost(Duration.ofSeconds(60L * SCALE)).until(() -> op.client().services().inNamespace(namespace).list()
        .getItems().isEmpty() && op.apps().inNamespace(namespace).list().getItems().isEmpty());
  }

  /** Every app of the namespace reconciled from its current generation, and the whole stays so for a second. */
  private static List<ExposedApp> awaitConverged(String namespace, int size) {
    // about 7 apps a second at 1,000 apps on 2 cores (docs/RELIABILITY.md), with room to spare
    await().atMost(Duration.ofSeconds(60 + size / 2)).pollInterval(Duration.ofMillis(500))
        .until(() -> {
          List<ExposedApp> apps = op.apps().inNamespace(namespace).list().getItems();
          // settled: reconciled from the current generation, and nothing blocked only by a refusal the operator
          // re-plans within seconds (NodePortPlanner.REFUSAL_MEMORY)
          return apps.size() == size && apps.stream().allMatch(a -> a.getStatus() != null
              && a.getMetadata().getGeneration().equals(a.getStatus().observedGeneration())
              && a.getStatus().conditions().stream().noneMatch(c -> String.valueOf(c.getMessage())
                  .contains(NodePortPlanner.UNSEEN_HOLDER.toString())));
        });
    Map<String, Map<String, Integer>>[] last = new Map[1];
    await().atMost(Duration.ofSeconds(60L * SCALE)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      var now = Invariants.portsByApp(op.apps().inNamespace(namespace).list().getItems());
      boolean stable = now.equals(last[0]);
      last[0] = now;
      return stable;
    });
    return op.apps().inNamespace(namespace).list().getItems();
  }

  private static void assertInvariants(String namespace, List<ExposedApp> apps, Map<String, String> foreign) {
    List<Service> services = op.client().services().inAnyNamespace().list().getItems();
    Invariants.assertNoSharedNodePorts(services);
    Invariants.assertEveryAppAllocatedOrExplained(apps, services);
    Invariants.assertUntouched(foreign, services);
    assertThat(apps).filteredOn(a -> a.getStatus().nodePorts() != null).isNotEmpty();
  }

  @Test
  void aStormOfConcurrentAppsWithChurnAndForeignServicesKeepsEveryInvariant() throws Exception {
    for (int run = 1; run <= RUNS; run++) {
      Random random = new Random(SEED + run);
      String ns = op.newNamespace();
      Storm storm = storm(ns, 100 * SCALE, random);
      long start = System.nanoTime();
      Map<String, String> foreign = unleash(storm, random);

      List<ExposedApp> apps = awaitConverged(ns, storm.apps().size());

      assertInvariants(ns, apps, foreign);
      // that the scenario did what it means to: on the API test server, whose timing the seed fixes, foreign
      // Services land in the operator's path; on a real server the operator may win every one of those races
      if (op.onApiTestServer()) {
        assertThat(foreign).as("foreign Services created mid-storm on ports in the operator's path").isNotEmpty();
      }
      long conflicts = apps.stream().filter(a -> a.getStatus().conditions().stream()
          .anyMatch(c -> "NodePortConflict".equals(c.getReason()))).count();
      assertThat(conflicts).as("apps sharing an explicit port: all but the holder report the conflict")
          .isPositive();
      System.out.printf("storm run %d/%d (seed %d): %d apps, %d foreign Services, %d conflicts, converged in %d ms%n",
          run, RUNS, SEED + run, apps.size(), foreign.size(), conflicts, (System.nanoTime() - start) / 1_000_000);
      cleanUp(ns);
    }
  }

  @Test
  void aCrashBetweenServiceAndStatusWritesAndMidStormLosesNoPortAndChangesNone() throws Exception {
    Random random = new Random(SEED + 1);
    String ns = op.newNamespace();
    // the status writes of this namespace fail: Services are written, their statuses are not (the crash window)
    var statusFailures = op.server().faults().failNext(Integer.MAX_VALUE, "PATCH",
        "/namespaces/" + ns + "/exposedapps/.*/status", 503);
    Storm storm = storm(ns, 40 * SCALE, random);
    for (ExposedApp app : storm.apps()) {
      op.create(app);
    }
    await().atMost(Duration.ofSeconds(60L * SCALE)).until(() -> op.client().services().inNamespace(ns).list()
        .getItems().size() >= storm.apps().size() * 8 / 10);
    Map<String, Map<String, Integer>> servicePortsBefore = servicePorts(ns);
    op.stopOperator();
    op.server().faults().clear();
    assertThat(statusFailures.fired()).isPositive();

    op.startOperator();
    List<ExposedApp> apps = awaitConverged(ns, storm.apps().size());

    assertInvariants(ns, apps, Map.of());
    Map<String, Map<String, Integer>> servicePortsAfter = servicePorts(ns);
    servicePortsBefore.forEach((service, ports) -> assertThat(servicePortsAfter.get(service))
        .as("ports of Service %s after the crash", service).isEqualTo(ports));
    cleanUp(ns);
  }

  @Test
  void aLeaderFailoverDuringAStormContinuesWithTheSameAllocations() throws Exception {
    Random random = new Random(SEED + 2);
    op.stopOperator();
    OperatorConfig base = OperatorConfig.defaults().withPorts(0, 0);
    ExposedAppOperator first = op.newOperator(base.withLeaderElection(new LeaderElection("storm-lease", "default",
        "storm-a", true)));
    ExposedAppOperator second = op.newOperator(base.withLeaderElection(new LeaderElection("storm-lease", "default",
        "storm-b", true)));
    try {
      first.start();
      Waits.await().until(() -> "storm-a".equals(holder()));
      second.start();
      String ns = op.newNamespace();
      Storm storm = storm(ns, 60 * SCALE, random);
      List<ExposedApp> firstHalf = storm.apps().subList(0, storm.apps().size() / 2);
      firstHalf.forEach(op::create);
      await().atMost(Duration.ofSeconds(60L * SCALE)).until(() -> op.apps().inNamespace(ns).list().getItems()
          .stream().filter(a -> a.getStatus() != null).count() >= firstHalf.size() / 2);
      Map<String, Map<String, Integer>> allocatedBefore = new HashMap<>(Invariants.portsByApp(
          op.apps().inNamespace(ns).list().getItems()));
      allocatedBefore.values().removeIf(Map::isEmpty);

      first.close();
      storm.apps().subList(firstHalf.size(), storm.apps().size()).forEach(op::create);
      Waits.await().until(() -> "storm-b".equals(holder()));
      List<ExposedApp> apps = awaitConverged(ns, storm.apps().size());

      assertInvariants(ns, apps, Map.of());
      Map<String, Map<String, Integer>> after = Invariants.portsByApp(apps);
      allocatedBefore.forEach((app, ports) -> assertThat(after.get(app)).as("ports of %s across the failover", app)
          .isEqualTo(ports));
      cleanUp(ns);
    } finally {
      first.close();
      second.close();
      op.startOperator();
    }
  }

  private static String holder() {
    var lease = op.client().leases().inNamespace("default").withName("storm-lease").get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static Map<String, Map<String, Integer>> servicePorts(String ns) {
    Map<String, Map<String, Integer>> ports = new HashMap<>();
    for (Service s : op.client().services().inNamespace(ns).list().getItems()) {
      Map<String, Integer> mine = new HashMap<>();
      s.getSpec().getPorts().forEach(p -> mine.put(p.getName(), p.getNodePort()));
      ports.put(s.getMetadata().getName(), mine);
    }
    return ports;
  }
}
