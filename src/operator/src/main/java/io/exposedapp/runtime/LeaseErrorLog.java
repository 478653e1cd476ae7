package io.exposedapp.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.core.spi.FilterReply;
import ch.qos.logback.classic.turbo.TurboFilter;

/**
 * One line, without a stack trace, for each failed try to renew or acquire the Lease. fabric8's LeaderElector logs
 * every one as a WARN with the exception's whole stack trace, at every retry while the API server is out of reach:
 * they bury the one line that matters (the loss, logged by {@link Leadership}). Installed in logback.xml; it drops
 * that event and logs its message and root cause instead.
 */
public final class LeaseErrorLog extends TurboFilter {

  static final String ELECTOR = "io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector";
  private static final Logger log = LoggerFactory.getLogger(Leadership.class);

  @Override
  public FilterReply decide(Marker marker, ch.qos.logback.classic.Logger logger, Level level, String format,
      Object[] params, Throwable t) {
    if (!ELECTOR.equals(logger.getName()) || !level.isGreaterOrEqual(Level.WARN)) {
      return FilterReply.NEUTRAL;
    }
    Throwable error = t != null ? t
        : params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last ? last : null;
    if (error == null) {
      return FilterReply.NEUTRAL;
    }
    String lease = params != null && params.length > 1 ? " " + params[0] : "";
    log.warn("could not renew or acquire the Lease{}: {}", lease, describe(error));
    return FilterReply.DENY;
  }

  /** The exception's message and, when another exception caused it, that one's class and message. */
  static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(error.getMessage()).replace('\n', ' ');
    return root == error ? message
        : message + " (" + root.getClass().getSimpleName() + ": " + String.valueOf(root.getMessage())
            .replace('\n', ' ') + ")";
  }
}
