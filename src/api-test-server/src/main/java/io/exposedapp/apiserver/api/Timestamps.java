package io.exposedapp.apiserver.api;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Timestamps as the API writes them (creationTimestamp, deletionTimestamp, managedFields' time): RFC 3339, seconds. */
public final class Timestamps {

  private Timestamps() {
  }

  public static String now(Clock clock) {
    return DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS));
  }
}
