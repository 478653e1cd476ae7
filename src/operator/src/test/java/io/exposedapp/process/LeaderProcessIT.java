package io.exposedapp.process;

import static io.exposedapp.testing.OperatorHarness.app;
import static io.exposedapp.testing.OperatorHarness.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.apiserver.ApiTestServer;
import io.exposedapp.config.OperatorConfig;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.Conditions;
import io.exposedapp.testing.DeployIdentity;
import io.exposedapp.testing.OperatorProcess;
import io.exposedapp.testing.Waits;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.Watch;

/**
 * The shaded jar as a real process, configured as deploy/ configures it (its environment: leader election on, exit
 * on a lost Lease; the deploy/ ServiceAccount's token and RBAC), two replicas as the Deployment runs them: what a rollout, a drain or a scale-down does to the leader, and what an
 * unreachable API server does to it. Runs in {@code mvn verify} after the jar is built (failsafe).
 */
class LeaderProcessIT {

  /** The default Lease duration: how long a standby would wait for a Lease that was not released. */
  private static final Duration LEASE_DURATION = OperatorConfig.LeaseTimings.DEFAULTS.duration();
  private static final Path LOGS = Path.of("target", "process-it");

  private ApiTestServer server;
  private KubernetesClient client;
  private Path kubeconfig;
  private String test;
  private boolean serverStopped;

  @BeforeEach
  void startTheApiServer(TestInfo info) throws Exception {
    test = info.getTestMethod().orElseThrow().getName();
    Files.createDirectories(LOGS);
    server = ApiTestServer.builder().build();
    server.start();
    server.installCrds(Path.of("crds"));
    client = server.newClient();
    // as deployed: the deploy/ ServiceAccount's token, authorized by the deploy/ RBAC
    kubeconfig = server.writeKubeconfig(LOGS.resolve(test + ".kubeconfig"), DeployIdentity.install(client));
  }

  @AfterEach
  void stopTheApiServer() {
    client.close();
    if (!serverStopped) {
      server.close();
    }
  }

  private OperatorProcess replica(String identity) {
    return OperatorProcess.start(OperatorProcess.JAR, kubeconfig, identity, Map.of(),
        LOGS.resolve(test + "-" + identity + ".log"));
  }

  private Optional<String> leaseHolder() {
    Lease lease = client.leases().inNamespace(OperatorProcess.OPERATOR_NAMESPACE)
        .withName(OperatorConfig.DEFAULT_LEASE_NAME).get();
    return lease == null || lease.getSpec() == null ? Optional.empty()
        : Optional.ofNullable(lease.getSpec().getHolderIdentity());
  }

  @Test
  void sigtermEndsTheLeaderWhichReleasesTheLeaseAndTheStandbyTakesTheReleasedLease() {
    try (OperatorProcess first = replica("replica-a"); OperatorProcess second = replica("replica-b")) {
      first.awaitReady(Duration.ofSeconds(60));
      second.awaitReady(Duration.ofSeconds(60));
      Waits.await().until(() -> leaseHolder().isPresent());
      OperatorProcess leader = leaseHolder().orElseThrow().equals("replica-a") ? first : second;
      OperatorProcess standby = leader == first ? second : first;
      client.resources(ExposedApp.class).inNamespace("default").resource(app("default", "before", port("http", 80)))
          .create();
      Waits.await().until(() -> isReady("before"));

      // every version of the Lease from here on: the release is a version of its own, seen whatever the timing
      List<String> versions = new CopyOnWriteArrayList<>();
      try (Watch watch = client.leases().inNamespace(OperatorProcess.OPERATOR_NAMESPACE)
          .withName(OperatorConfig.DEFAULT_LEASE_NAME).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Lease lease) {
              versions.add(String.valueOf(lease.getSpec().getHolderIdentity()) + " for "
                  + lease.getSpec().getLeaseDurationSeconds() + " s");
            }

            @Override
            public void onClose(WatcherException cause) {
            }
          })) {
        long sigterm = System.nanoTime();
        leader.terminate();
        assertThat(leader.awaitExit(Waits.BUDGET)).as("the leader exited after SIGTERM").isTrue();
        Duration toExit = Duration.ofNanos(System.nanoTime() - sigterm);
        Waits.await().until(() -> leaseHolder().filter(standby.identity()::equals).isPresent());
        Duration toHandover = Duration.ofNanos(System.nanoTime() - sigterm);
        // printed for the record (docs/RELIABILITY.md), not asserted: timings belong in the benchmarks
        System.out.printf("SIGTERM to exit: %.1f s; SIGTERM to the standby leading: %.1f s%n",
            toExit.toMillis() / 1000.0, toHandover.toMillis() / 1000.0);

        // released as client-go releases it (no holder, 1 s), then taken: the standby did not wait for expiry
        Waits.await().until(() -> versions.contains(standby.identity() + " for " + LEASE_DURATION.toSeconds() + " s"));
        assertThat(versions).as("the Lease's versions after SIGTERM")
            .containsSubsequence("null for 1 s", standby.identity() + " for " + LEASE_DURATION.toSeconds() + " s");
        assertThat(leader.log()).contains("released the Lease");
      }
      client.resources(ExposedApp.class).inNamespace("default").resource(app("default", "after", port("http", 80)))
          .create();
      Waits.await().until(() -> isReady("after"));
    }
  }

  @Test
  void aLeaderThatCannotReachTheApiServerPastTheRenewDeadlineExitsLoggingOneLinePerFailedRenewal() {
    try (OperatorProcess leader = replica("replica-a")) {
      leader.awaitReady(Duration.ofSeconds(60));
      Waits.await().until(() -> leaseHolder().filter("replica-a"::equals).isPresent());

      long unreachable = System.nanoTime();
      server.close();
      serverStopped = true;
      assertThat(leader.awaitExit(Duration.ofSeconds(90))).as("the leader exited after losing its Lease").isTrue();
      System.out.printf("API server unreachable to exit: %.1f s%n",
          Duration.ofNanos(System.nanoTime() - unreachable).toMillis() / 1000.0);
      assertThat(leader.exitCode()).isEqualTo(1);
      assertThat(leader.log()).contains("lost the Lease");
      // each failed renewal is one line of its own, not fabric8's WARN with a stack trace
      List<String> lines = leader.log().lines().toList();
      assertThat(lines).as("failed renewals").filteredOn(l -> l.contains("could not renew or acquire the Lease"))
          .isNotEmpty()
          .allSatisfy(l -> assertThat(l).contains(OperatorConfig.DEFAULT_LEASE_NAME));
      assertThat(lines).as("fabric8's own report of a failed renewal, with its stack trace")
          .noneMatch(l -> l.contains("Exception occurred while acquiring lock"))
          .noneMatch(l -> l.contains("LeaderElector") && l.contains("Exception"));
    }
  }

  private boolean isReady(String name) {
    ExposedApp app = client.resources(ExposedApp.class).inNamespace("default").withName(name).get();
    return app != null && app.getStatus() != null
        && Conditions.isTrue(app.getStatus().conditions(), ConditionTypes.READY);
  }
}
