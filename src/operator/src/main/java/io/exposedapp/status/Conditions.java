package io.exposedapp.status;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

/**
 * Builds standard conditions ({@code metav1.Condition}): {@code lastTransitionTime} moves only when the status flips,
 * so that an unchanged outcome yields an identical status and no write.
 */
public final class Conditions {

  public static final String TRUE = "True";
  public static final String FALSE = "False";

  private final Clock clock;

  public Conditions(Clock clock) {
    this.clock = clock;
  }

  /**
   * The conditions with {@code type} set to the given outcome, added when absent, others kept in order.
   *
   * @param previous the conditions the resource has now (from its status)
   */
  public List<Condition> set(List<Condition> previous, String type, boolean status, String reason, String message,
      long observedGeneration) {
    String statusText = status ? TRUE : FALSE;
    Optional<Condition> old = find(previous, type);
    String transition = old.filter(c -> statusText.equals(c.getStatus()))
        .map(Condition::getLastTransitionTime)
        .orElseGet(this::now);
    Condition next = new ConditionBuilder()
        .withType(type)
        .withStatus(statusText)
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(transition)
        .withObservedGeneration(observedGeneration)
        .build();
    List<Condition> result = new ArrayList<>(previous.size() + 1);
    boolean replaced = false;
    for (Condition c : previous) {
      if (type.equals(c.getType())) {
        result.add(next);
        replaced = true;
      } else {
        result.add(c);
      }
    }
    if (!replaced) {
      result.add(next);
    }
    return List.copyOf(result);
  }

  /** The conditions without {@code type}. */
  public static List<Condition> remove(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> !type.equals(c.getType())).toList();
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }

  private String now() {
    return DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS));
  }
}
