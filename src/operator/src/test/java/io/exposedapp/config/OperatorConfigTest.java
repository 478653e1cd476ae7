package io.exposedapp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
