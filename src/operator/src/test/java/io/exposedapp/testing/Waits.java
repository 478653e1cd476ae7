package io.exposedapp.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The one rule every wait of the tests follows: wait for a condition, never for a time; give it {@link #BUDGET},
 * enough for a machine running at a quarter of its speed; when the budget runs out, say what was last seen.
 */
public final class Waits {

  /**
   * How long a wait for the operator (or an API server) may take. On a quiet machine most waits take well under a
   * second, those behind the operator's own retries a few seconds, and the slowest about 20 s, almost all of it timers
   * that do not slow down with the machine (ApiFaultsTest's outage: fabric8's 11 attempts back off for 19 s). At a
   * quarter of the speed the work between the timers takes four times as long: 60 s holds that with room. A wait that
   * passes takes only as long as its condition.
   */
  public static final Duration BUDGET = Duration.ofSeconds(60);
  public static final Duration POLL = Duration.ofMillis(50);
  /** A wait that passed after this long is printed, so that a suite drifting towards its budget is seen early. */
  static final Duration SLOW = Duration.ofSeconds(10);

  private Waits() {
  }

  /** Awaitility with the budget and the poll interval of the rule. */
  public static ConditionFactory await() {
    return Awaitility.await().atMost(BUDGET).pollInterval(POLL).conditionEvaluationListener(condition -> {
      if (condition.isSatisfied() && condition.getElapsedTimeInMS() > SLOW.toMillis()) {
        System.out.printf("[waits] slow: %.1f s of the %d s budget for %s%n", condition.getElapsedTimeInMS() / 1000.0,
            BUDGET.toSeconds(), condition.getDescription());
      }
    });
  }

  /**
   * Waits until nothing happens for {@code quietFor}: {@code activity} (e.g. the number of requests the API server
   * served) stays unchanged over that long. For "let what the last writes triggered run" before counting, instead of
   * a sleep: on a slow machine it waits longer, on a quiet one no longer than needed.
   */
  public static void untilQuiet(String what, IntSupplier activity, Duration quietFor) {
    AtomicInteger last = new AtomicInteger(activity.getAsInt());
    await().alias(what + " quiet for " + quietFor.toMillis() + " ms").during(quietFor)
        .until(() -> last.getAndSet(activity.getAsInt()) == last.get());
  }

  /**
   * Waits until {@code done} holds for what {@code read} answers, and answers that; when the budget runs out, fails
   * with {@code what} and the last value read, as {@code describe} puts it.
   */
  public static <T> T until(String what, Callable<T> read, Predicate<T> done, Function<T, String> describe) {
    AtomicReference<T> last = new AtomicReference<>();
    try {
      await().alias(what).until(() -> {
        T value = read.call();
        last.set(value);
        return done.test(value);
      });
      return last.get();
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("waited " + BUDGET.toSeconds() + " s for " + what + "; last seen: "
          + (last.get() == null ? "nothing" : describe.apply(last.get())), e);
    }
  }
}
