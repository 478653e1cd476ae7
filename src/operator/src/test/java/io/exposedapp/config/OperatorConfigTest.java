package io.exposedapp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.exposedapp.allocation.PortRange;

class OperatorConfigTest {

  @Test
  void withoutVariablesTheDefaultsAreTheKubernetesRangeAndAllNamespaces() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of());
    assertThat(config.nodePortRange()).isEqualTo(new PortRange(30000, 32767));
    assertThat(config.watchesAllNamespaces()).isTrue();
  }

  @Test
  void variablesAreParsedOnceIntoTheRecord() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of(
        OperatorConfig.NODE_PORT_RANGE, " 31000-31099 ",
        OperatorConfig.WATCH_NAMESPACES, "shop, games,,"));
    assertThat(config.nodePortRange()).isEqualTo(new PortRange(31000, 31099));
    assertThat(config.watchedNamespaces()).containsExactlyInAnyOrder("shop", "games");
  }

  @ParameterizedTest
  @ValueSource(strings = {"30000", "32767-30000", "0-10", "30000-70000", "a-b", ""})
  void anInvalidRangeFailsNamingTheVariableAndTheValue(String value) {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of(OperatorConfig.NODE_PORT_RANGE, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(OperatorConfig.NODE_PORT_RANGE + "=" + value + ":");
  }

  @Test
  void leaseTimingsAreParsedInSecondsOrMilliseconds() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of(
        OperatorConfig.LEADER_ELECTION, "true",
        OperatorConfig.LEASE_DURATION, "8s",
        OperatorConfig.LEASE_RENEW_DEADLINE, "5000ms",
        OperatorConfig.LEASE_RETRY_PERIOD, "1500ms"));
    assertThat(config.leaderElection().orElseThrow().timings()).isEqualTo(new OperatorConfig.LeaseTimings(
        Duration.ofSeconds(8), Duration.ofSeconds(5), Duration.ofMillis(1500)));
    assertThat(OperatorConfig.fromEnvironment(Map.of(OperatorConfig.LEADER_ELECTION, "true")).leaderElection()
        .orElseThrow().timings()).isEqualTo(new OperatorConfig.LeaseTimings(
            Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofSeconds(1)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"6", "6m", "-1s", "0s", "1.5s", "s", ""})
  void aLeaseDurationThatIsNotOneFailsNamingTheVariableAndTheValue(String value) {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of(OperatorConfig.LEASE_DURATION, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(OperatorConfig.LEASE_DURATION + "=" + value + ": must be a positive duration such as 6s or 1500ms");
  }

  @Test
  void leaseTimingsThatLetTwoLeadersOverlapAreRefusedNamingBothVariables() {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of(
        OperatorConfig.LEASE_DURATION, "4s", OperatorConfig.LEASE_RENEW_DEADLINE, "4s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("EXPOSEDAPP_LEASE_DURATION (4s) must be longer than EXPOSEDAPP_LEASE_RENEW_DEADLINE (4s)");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of(
        OperatorConfig.LEASE_RENEW_DEADLINE, "1200ms", OperatorConfig.LEASE_RETRY_PERIOD, "1s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("EXPOSEDAPP_LEASE_RENEW_DEADLINE (1200ms) must be longer than 1.2 times "
            + "EXPOSEDAPP_LEASE_RETRY_PERIOD (1s)");
  }
}
