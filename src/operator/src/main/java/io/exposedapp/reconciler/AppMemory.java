package io.exposedapp.reconciler;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppStatus;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.javaoperatorsdk.operator.processing.retry.RetryExecution;

/**
 * What the reconciler remembers of each app between its reconciles: the status it last decided (to tell its own
 * status writes from someone else's, and to announce only transitions), and the back-off of writes the API server
 * refused. Bounded: an app forgotten is only announced again or retried sooner, never lost.
 */
final class AppMemory {

  private static final int MAX_APPS = 100_000;

  /** The back-off of a refused write: 1 s, doubling, at most 5 min, for as long as it fails. */
  private static final GenericRetry WRITE_RETRY = new GenericRetry().setInitialInterval(1_000)
      .setIntervalMultiplier(2).setMaxInterval(Duration.ofMinutes(5).toMillis()).withoutMaxAttempts();

  /** A status decided for one incarnation of an app (a re-created app of the same name starts afresh). */
  private record Decided(String uid, ExposedAppStatus status) {
  }

  private final Map<ResourceID, Decided> statuses = bounded();
  private final Map<ResourceID, RetryExecution> failingWrites = bounded();
  private final Map<ResourceID, java.util.Set<String>> adoptions = bounded();

  /** The status last decided for the app (written, or being written), if remembered. */
  Optional<ExposedAppStatus> lastStatus(ExposedApp app) {
    Decided decided = statuses.get(ResourceID.fromResource(app));
    return decided != null && Objects.equals(decided.uid(), app.getMetadata().getUid())
        ? Optional.of(decided.status()) : Optional.empty();
  }

  void rememberStatus(ExposedApp app, ExposedAppStatus status) {
    statuses.put(ResourceID.fromResource(app), new Decided(app.getMetadata().getUid(), status));
  }

  /**
   * The app's stored status is not the one this operator last decided: someone else changed or removed it (or the
   * operator does not remember it), so it must be reconciled and rewritten.
   */
  boolean statusChangedByOthers(ExposedApp app) {
    return lastStatus(app).map(decided -> !decided.equals(app.getStatus())).orElse(true);
  }

  /** A write of this app failed again: how long to wait before the next attempt. */
  Duration nextRetryDelay(ResourceID app) {
    synchronized (failingWrites) {
      RetryExecution retry = failingWrites.computeIfAbsent(app, id -> WRITE_RETRY.initExecution());
      return Duration.ofMillis(retry.nextDelay().orElseThrow());
    }
  }

  /** The app's writes succeeded: the next failure starts the back-off from the beginning. */
  void writesSucceeded(ResourceID app) {
    failingWrites.remove(app);
  }

  /** True the first time this app is said to take over {@code object} ({@code spec.adopt}), false after. */
  boolean firstAdoption(ResourceID app, String object) {
    return adoptions.computeIfAbsent(app, id -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(object);
  }

  private static <V> Map<ResourceID, V> bounded() {
    return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<ResourceID, V> eldest) {
        return size() > MAX_APPS;
      }
    });
  }
}
