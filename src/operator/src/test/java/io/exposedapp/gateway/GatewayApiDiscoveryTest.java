package io.exposedapp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.exposedapp.lbc.LbcApi;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** When the gateway APIs are looked up again: only for an app that wants them, while missing, once a minute. */
class GatewayApiDiscoveryTest {

  private Instant now = Instant.parse("2026-12-05T10:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };

  private static final ServedGatewayApis ALL = new ServedGatewayApis(true, Optional.of(LbcApi.V1));

  @Test
  void aMissingApiIsLookedUpAgainAfterAMinuteAndThenKept() {
    Deque<ServedGatewayApis> answers = new ArrayDeque<>(List.of(ServedGatewayApis.NONE, ALL));
    int[] asked = {0};
    GatewayApiDiscovery discovery = new GatewayApiDiscovery(() -> {
      asked[0]++;
      return answers.isEmpty() ? ALL : answers.poll();
    }, clock);

    now = now.plusSeconds(59);
    assertThat(discovery.forGatewayApp()).isEqualTo(ServedGatewayApis.NONE);
    assertThat(asked[0]).isEqualTo(1);

    now = now.plusSeconds(1);
    assertThat(discovery.forGatewayApp()).isEqualTo(ALL);
    now = now.plusSeconds(3600);
    assertThat(discovery.forGatewayApp()).isEqualTo(ALL);
    assertThat(asked[0]).as("not asked again once everything is served").isEqualTo(2);
  }

  @Test
  void appsWithoutAGatewayNeverMakeItAsk() {
    int[] asked = {0};
    GatewayApiDiscovery discovery = new GatewayApiDiscovery(() -> {
      asked[0]++;
      return ServedGatewayApis.NONE;
    }, clock);
    now = now.plusSeconds(600);

    assertThat(discovery.current()).isEqualTo(ServedGatewayApis.NONE);
    assertThat(asked[0]).isEqualTo(1);
  }

  @Test
  void aFailedLookupKeepsTheLastAnswer() {
    // the last answer differs from NONE, which a reset on failure would give
    ServedGatewayApis gatewayApiOnly = new ServedGatewayApis(true, java.util.Optional.empty());
    java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
    boolean[] fail = {false};
    GatewayApiDiscovery discovery = new GatewayApiDiscovery(() -> {
      lookups.incrementAndGet();
      if (fail[0]) {
        throw new KubernetesClientException("connection refused");
      }
      return gatewayApiOnly;
    }, clock);
    fail[0] = true;
    now = now.plusSeconds(61);

    assertThat(discovery.forGatewayApp()).isEqualTo(gatewayApiOnly);
    assertThat(lookups).as("the failing lookup was attempted").hasValue(2);
  }
}
