package io.exposedapp.discovery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * What the cluster serves of optional APIs (other projects' CRDs), found at start and looked up again, at most once a
 * minute, while an app wants them and something is missing: installing the CRDs needs no restart of the operator.
 * Once everything is served the answer stays.
 *
 * @param <T> the answer of one lookup
 */
public class ApiDiscovery<T> {

  /** How long a "missing" answer is trusted. */
  public static final Duration RECHECK = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(ApiDiscovery.class);

  private final String what;
  private final Supplier<T> discover;
  private final Predicate<T> complete;
  private final Clock clock;
  private volatile T served;
  private volatile Instant checked;

  /**
   * Looks once now.
   *
   * @param what what is looked up, for the log
   * @param discover asks the API server
   * @param complete whether an answer has everything (then it is never asked again)
   */
  public ApiDiscovery(String what, Supplier<T> discover, Predicate<T> complete, Clock clock) {
    this.what = what;
    this.discover = discover;
    this.complete = complete;
    this.clock = clock;
    this.served = discover.get();
    this.checked = clock.instant();
    log.info("{} served: {}", what, served);
  }

  /** What was found last, without asking again (apps that do not need these APIs). */
  public T current() {
    return served;
  }

  /** For an app that needs these APIs: asks the API server again if something was missing a minute ago. */
  public synchronized T forWaitingApp() {
    if (!complete.test(served) && !clock.instant().isBefore(checked.plus(RECHECK))) {
      checked = clock.instant();
      try {
        T now = discover.get();
        if (!now.equals(served)) {
          log.info("{} served: {} (was {})", what, now, served);
        }
        served = now;
      } catch (KubernetesClientException e) {
        log.warn("looking up the {} failed, keeping {}: {}", what, served, e.getMessage());
      }
    }
    return served;
  }
}
