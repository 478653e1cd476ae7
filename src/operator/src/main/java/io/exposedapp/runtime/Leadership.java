package io.exposedapp.runtime;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.exposedapp.config.OperatorConfig.LeaderElection;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;

/**
 * The operator's side of JOSDK's leader election: what happens when leadership ends.
 *
 * <ul>
 *   <li>Lost while running (the Lease not renewed within the renew deadline, e.g. the API server unreachable): the
 *       process exits, so that only the new leader reconciles, as client-go and controller-runtime do. JOSDK's own
 *       exit is off: it calls {@code System.exit} in the stop-leading callback, which also runs when the operator is
 *       stopped from the SIGTERM shutdown hook, and {@code System.exit} inside a shutdown hook deadlocks the JVM.</li>
 *   <li>Ended by a stop (SIGTERM): not a loss. Once the reconciles in flight have finished, the Lease is released
 *       the way client-go releases it (no holder, 1 s duration), so that the standby leads at once instead of
 *       waiting for the Lease to expire.</li>
 * </ul>
 */
public final class Leadership {

  private static final Logger log = LoggerFactory.getLogger(Leadership.class);
  /** The Lease's MicroTime format. */
  private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

  private final KubernetesClient client;
  private final LeaderElection election;
  private volatile boolean leading;
  private volatile boolean stopping;

  public Leadership(KubernetesClient client, LeaderElection election) {
    this.client = client;
    this.election = election;
  }

  /** The callbacks JOSDK calls besides its own. */
  public LeaderCallbacks callbacks() {
    return new LeaderCallbacks(() -> leading = true, this::stoppedLeading, newLeader -> {
    });
  }

  public boolean isLeading() {
    return leading;
  }

  private void stoppedLeading() {
    if (stopping) {
      return;
    }
    leading = false;
    if (!election.exitOnLoss()) {
      log.warn("lost the Lease {}/{}; not exiting (exit on loss is off)", election.leaseNamespace(),
          election.leaseName());
      return;
    }
    log.error("lost the Lease {}/{} (not renewed within the renew deadline); exiting so that only the new leader "
        + "reconciles", election.leaseNamespace(), election.leaseName());
    // Not on this thread: System.exit waits for the shutdown hook, and the hook stops the executor this callback runs
    // on.
    Thread exit = new Thread(() -> System.exit(1), "lease-lost-exit");
    exit.start();
  }

  /** The operator is being stopped: the end of leadership that follows is not a loss. */
  public void stopping() {
    stopping = true;
  }

  /**
   * Releases the Lease if this replica still holds it (call once the operator has stopped reconciling), waiting at
   * most {@code timeout}: a stop must not hang on an unreachable API server.
   */
  public void release(Duration timeout) {
    if (!leading) {
      return;
    }
    CompletableFuture<Boolean> released = CompletableFuture.supplyAsync(this::releaseNow);
    try {
      if (released.get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        log.info("released the Lease {}/{}", election.leaseNamespace(), election.leaseName());
      }
    } catch (TimeoutException e) {
      released.cancel(true);
      log.warn("could not release the Lease {}/{} within {} s; the standby takes over when it expires",
          election.leaseNamespace(), election.leaseName(), timeout.toSeconds());
    } catch (ExecutionException e) {
      log.warn("could not release the Lease {}/{}: {}; the standby takes over when it expires",
          election.leaseNamespace(), election.leaseName(), e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean releaseNow() {
    for (int attempt = 1; ; attempt++) {
      Lease lease = client.leases().inNamespace(election.leaseNamespace()).withName(election.leaseName()).get();
      if (lease == null || lease.getSpec() == null
          || !election.identity().equals(lease.getSpec().getHolderIdentity())) {
        return false;
      }
      String now = MICRO_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
      // the resourceVersion makes it conditional: a Lease someone else took meanwhile is left alone
      String patch = """
          {"metadata":{"resourceVersion":"%s"},"spec":{"holderIdentity":null,"leaseDurationSeconds":1,\
          "acquireTime":"%s","renewTime":"%s"}}""".formatted(lease.getMetadata().getResourceVersion(), now, now);
      try {
        client.leases().inNamespace(election.leaseNamespace()).withName(election.leaseName())
            .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 3) {
          throw e;
        }
      }
    }
  }
}
