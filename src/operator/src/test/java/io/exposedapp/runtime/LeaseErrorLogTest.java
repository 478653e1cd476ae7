package io.exposedapp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import io.fabric8.kubernetes.client.KubernetesClientException;

class LeaseErrorLogTest {

  private static final String FORMAT = "Exception occurred while acquiring lock '{} retrying...'";
  private static final String LOCK = "LeaseLock: exposedapp-system - exposedapp-operator (replica-a)";

  private final LeaseErrorLog filter = new LeaseErrorLog();
  private final Logger elector = (Logger) LoggerFactory.getLogger(LeaseErrorLog.ELECTOR);
  private final Logger leadership = (Logger) LoggerFactory.getLogger(Leadership.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void listen() {
    lines.start();
    leadership.addAppender(lines);
  }

  @AfterEach
  void stopListening() {
    leadership.detachAppender(lines);
  }

  @Test
  void aFailedRenewalIsOneLineWithItsCauseInsteadOfFabric8sStackTrace() {
    var failure = new KubernetesClientException("Operation: [get] for kind: [Lease] with name: [exposedapp-operator]"
        + " failed.", new ConnectException("Connection refused"));

    FilterReply reply = filter.decide(null, elector, Level.WARN, FORMAT, new Object[] {LOCK, failure}, null);

    assertThat(reply).as("fabric8's event dropped").isEqualTo(FilterReply.DENY);
    assertThat(lines.list).singleElement().satisfies(line -> {
      assertThat(line.getLevel()).isEqualTo(Level.WARN);
      assertThat(line.getFormattedMessage()).isEqualTo("could not renew or acquire the Lease " + LOCK
          + ": Operation: [get] for kind: [Lease] with name: [exposedapp-operator] failed. (ConnectException: "
          + "Connection refused)");
      assertThat(line.getThrowableProxy()).as("no stack trace").isNull();
    });
  }

  @Test
  void anExceptionGivenAsTheThrowableIsHandledToo() {
    FilterReply reply = filter.decide(null, elector, Level.ERROR, "Exception during leader election", null,
        new KubernetesClientException("gone"));

    assertThat(reply).isEqualTo(FilterReply.DENY);
    assertThat(lines.list).singleElement().extracting(ILoggingEvent::getFormattedMessage)
        .isEqualTo("could not renew or acquire the Lease: gone");
  }

  @Test
  void everythingElseIsLeftAsItIs() {
    Logger other = (Logger) LoggerFactory.getLogger("io.exposedapp.Other");
    var failure = new KubernetesClientException("x");
    assertThat(filter.decide(null, other, Level.WARN, FORMAT, new Object[] {LOCK, failure}, null))
        .as("another logger").isEqualTo(FilterReply.NEUTRAL);
    assertThat(filter.decide(null, elector, Level.DEBUG, FORMAT, new Object[] {LOCK, failure}, null))
        .as("below WARN").isEqualTo(FilterReply.NEUTRAL);
    assertThat(filter.decide(null, elector, Level.WARN, "Leader changed from {} to {}", new Object[] {"a", "b"},
        null)).as("no exception").isEqualTo(FilterReply.NEUTRAL);
    assertThat(lines.list).isEmpty();
  }
}
