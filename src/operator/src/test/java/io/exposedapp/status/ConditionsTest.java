package io.exposedapp.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;

class ConditionsTest {

  private static Conditions at(String instant) {
    return new Conditions(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
  }

  @Test
  void aNewConditionCarriesEveryStandardFieldWithTheClocksTime() {
    List<Condition> set = at("2026-11-25T10:00:00.700Z").set(List.of(), "Ready", true, "Ready", "all good", 3);
    assertThat(set).singleElement().satisfies(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("Ready");
      assertThat(c.getMessage()).isEqualTo("all good");
      assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-25T10:00:00Z");
      assertThat(c.getObservedGeneration()).isEqualTo(3L);
    });
  }

  @Test
  void theTransitionTimeStaysWhileTheStatusStaysEvenIfReasonAndMessageChange() {
    List<Condition> first = at("2026-11-25T10:00:00Z").set(List.of(), "PortsAllocated", false, "NodePortConflict",
        "30080 held by Service a/b", 1);
    List<Condition> second = at("2026-11-25T11:00:00Z").set(first, "PortsAllocated", false,
        "NodePortRangeExhausted", "no port left", 2);
    assertThat(second).singleElement().satisfies(c -> {
      assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-25T10:00:00Z");
      assertThat(c.getReason()).isEqualTo("NodePortRangeExhausted");
      assertThat(c.getObservedGeneration()).isEqualTo(2L);
    });
  }

  @Test
  void theTransitionTimeMovesWhenTheStatusFlips() {
    List<Condition> first = at("2026-11-25T10:00:00Z").set(List.of(), "Ready", false, "Pending", "wait", 1);
    List<Condition> second = at("2026-11-25T11:00:00Z").set(first, "Ready", true, "Ready", "ok", 1);
    assertThat(second.get(0).getLastTransitionTime()).isEqualTo("2026-11-25T11:00:00Z");
  }

  @Test
  void anUnchangedOutcomeGivesAnEqualListSoNothingIsPatched() {
    Conditions conditions = at("2026-11-25T10:00:00Z");
    List<Condition> first = conditions.set(List.of(), "Ready", true, "Ready", "ok", 1);
    List<Condition> again = at("2026-11-25T12:00:00Z").set(first, "Ready", true, "Ready", "ok", 1);
    assertThat(again).isEqualTo(first);
  }

  @Test
  void otherConditionsKeepTheirPlace() {
    Conditions conditions = at("2026-11-25T10:00:00Z");
    List<Condition> two = conditions.set(conditions.set(List.of(), "PortsAllocated", true, "Allocated", "", 1),
        "Ready", true, "Ready", "", 1);
    List<Condition> updated = conditions.set(two, "PortsAllocated", false, "NodePortConflict", "x", 1);
    assertThat(updated).extracting(Condition::getType).containsExactly("PortsAllocated", "Ready");
    assertThat(Conditions.isTrue(updated, "Ready")).isTrue();
    assertThat(Conditions.isTrue(updated, "PortsAllocated")).isFalse();
  }
}
