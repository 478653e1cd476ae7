package io.exposedapp.apiserver;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import io.exposedapp.apiserver.storage.ObjectStore;

/**
 * Test-only fault injection, off until a test asks for it: fail the next N matching requests, delay responses, close
 * every open watch, or answer the next watch with "410 Gone" so that clients must re-list.
 *
 * <p>A rule matches on the HTTP method (or {@code *}) and a regular expression found in the request URI (path and
 * query), e.g. {@code failNext(2, "PATCH", "/services/.*status", 500)}.
 */
public final class Faults {

  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final AtomicReference<Pattern> expireNextWatch = new AtomicReference<>();
  private final AtomicInteger watchesExpired = new AtomicInteger();
  private final ObjectStore store;

  Faults(ObjectStore store) {
    this.store = store;
  }

  /** One injected behaviour; {@link #fired()} counts the requests it answered. */
  public static final class Rule {
    private final String method;
    private final Pattern uri;
    private final AtomicInteger remaining;
    private final int status;
    private final String message;
    private final Duration delay;
    private final AtomicInteger fired = new AtomicInteger();

    private Rule(String method, String uriRegex, int times, int status, String message, Duration delay) {
      this.method = method;
      this.uri = Pattern.compile(uriRegex);
      this.remaining = new AtomicInteger(times);
      this.status = status;
      this.message = message;
      this.delay = delay;
    }

    public int fired() {
      return fired.get();
    }

    boolean failure() {
      return status != 0;
    }

    int status() {
      return status;
    }

    String message() {
      return message;
    }

    Duration delay() {
      return delay;
    }

    private boolean take(String requestMethod, String requestUri) {
      if (!(method.equals("*") || method.equalsIgnoreCase(requestMethod)) || !uri.matcher(requestUri).find()) {
        return false;
      }
      // decrement only while positive, so that exactly N requests are answered by the rule
      if (remaining.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
        fired.incrementAndGet();
        return true;
      }
      return false;
    }
  }

  /** The next {@code times} requests matching method and URI pattern fail with {@code status}. */
  public Rule failNext(int times, String method, String uriRegex, int status) {
    return failNext(times, method, uriRegex, status, "injected fault: HTTP " + status);
  }

  /** As {@link #failNext(int, String, String, int)} with the message of the Status body. */
  public Rule failNext(int times, String method, String uriRegex, int status, String message) {
    Rule rule = new Rule(method, uriRegex, times, status, message, null);
    rules.add(rule);
    return rule;
  }

  /** The next {@code times} matching requests are answered after {@code delay} (the server is not blocked). */
  public Rule delayNext(int times, String method, String uriRegex, Duration delay) {
    Rule rule = new Rule(method, uriRegex, times, 0, null, delay);
    rules.add(rule);
    return rule;
  }

  /** Ends every open watch now; clients see the stream end and re-watch. */
  public void closeAllWatches() {
    store.closeAllWatches();
  }

  /** The next watch request gets a "410 Gone: too old resource version" ERROR event, forcing a re-list. */
  public void expireNextWatch() {
    expireNextWatch(".*");
  }

  /** The next watch request whose URI matches gets a "410 Gone" ERROR event. */
  public void expireNextWatch(String uriRegex) {
    expireNextWatch.set(Pattern.compile(uriRegex));
  }

  /** Removes every rule. */
  public void clear() {
    rules.clear();
    expireNextWatch.set(null);
  }

  Optional<Rule> match(String method, String uri) {
    for (Rule rule : rules) {
      if (rule.take(method, uri)) {
        return Optional.of(rule);
      }
    }
    return Optional.empty();
  }

  boolean takeWatchExpiry(String uri) {
    Pattern pattern = expireNextWatch.get();
    boolean taken = pattern != null && pattern.matcher(uri).find() && expireNextWatch.compareAndSet(pattern, null);
    if (taken) {
      watchesExpired.incrementAndGet();
    }
    return taken;
  }

  /** How many watch requests were answered "410 Gone" by {@link #expireNextWatch}. */
  public int watchesExpired() {
    return watchesExpired.get();
  }
}
