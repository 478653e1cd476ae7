package io.exposedapp.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.exposedapp.allocation.PortRange;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppStatus;
import io.exposedapp.plan.ExposurePlan;
import io.exposedapp.plan.NodePortPlanner;
import io.exposedapp.status.StatusFactory.Exposure;
import io.exposedapp.status.StatusFactory.Verdict;
import io.exposedapp.status.StatusFactory.WriteOutcome;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The status assembly: each way in's condition as its package judged it, the address from the first way in that
 * gives one (in the order Ingress, Gateway, NLB, whatever the order they are passed in), Ready from the first that is
 * not, and the conditions of ways in the app no longer asks for removed.
 */
class StatusFactoryTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
  private static final StatusFactory STATUSES = new StatusFactory(new Conditions(CLOCK));
  private static final WriteOutcome APPLIED = new WriteOutcome.Applied();

  private static final ExposedApp APP = Serialization.unmarshal("""
      apiVersion: exposedapp.io/v1alpha1
      kind: ExposedApp
      metadata: {name: game, namespace: games, generation: 3}
      spec:
        selector: {app: game}
        ports: [{name: play, port: 7777, protocol: UDP}]
      """, ExposedApp.class);
  private static final ExposurePlan PLAN = new NodePortPlanner(PortRange.DEFAULT, CLOCK).plan(APP, List.of(),
      List.of(APP));

  private static Exposure ready(String type, String address) {
    return new Exposure(type, new Verdict(true, "AddressAssigned", "at " + address), true, Optional.of(address),
        Optional.of("https://" + address + "/"));
  }

  private static Exposure pending(String type, String reason) {
    return new Exposure(type, new Verdict(false, reason, "waiting (" + type + ")"), true, Optional.empty(),
        Optional.empty());
  }

  @Test
  void theFirstWayInThatGivesAnAddressGivesItEvenBeforeItHasOne() {
    ExposedAppStatus status = STATUSES.status(APP, PLAN, APPLIED, List.of(
        ready(ConditionTypes.LOAD_BALANCER_READY, "nlb.example.com"),
        pending(ConditionTypes.INGRESS_READY, "AddressPending")));

    assertThat(status.address()).as("the Ingress's, which has none yet, not the NLB's").isNull();
    assertThat(Conditions.find(status.conditions(), ConditionTypes.READY).orElseThrow().getReason())
        .isEqualTo("AddressPending");
  }

  @Test
  void withoutAnIngressTheGatewaysAddressComesBeforeTheNlbs() {
    ExposedAppStatus status = STATUSES.status(APP, PLAN, APPLIED, List.of(
        ready(ConditionTypes.LOAD_BALANCER_READY, "nlb.example.com"),
        ready(ConditionTypes.GATEWAY_READY, "alb.example.com")));

    assertThat(status.address()).isEqualTo("alb.example.com");
    assertThat(status.url()).isEqualTo("https://alb.example.com/");
    assertThat(Conditions.find(status.conditions(), ConditionTypes.READY).orElseThrow().getMessage())
        .isEqualTo("reachable at https://alb.example.com/");
  }

  @Test
  void aWayInWithoutAddressNeverGivesOneAndReadyWaitsForEveryWayIn() {
    Exposure bindings = new Exposure(ConditionTypes.TARGET_GROUP_BINDINGS_READY,
        new Verdict(false, "BindingPending", "waiting for the controller"), false, Optional.empty(),
        Optional.empty());

    ExposedAppStatus status = STATUSES.status(APP, PLAN, APPLIED, List.of(bindings));

    assertThat(status.address()).isNull();
    assertThat(Conditions.find(status.conditions(), ConditionTypes.READY).orElseThrow())
        .satisfies(c -> assertThat(c.getReason()).isEqualTo("BindingPending"))
        .satisfies(c -> assertThat(c.getMessage()).isEqualTo("waiting for the controller"));
  }

  @Test
  void theConditionOfAWayInTheAppNoLongerAsksForIsRemoved() {
    ExposedApp withStatus = Serialization.clone(APP);
    withStatus.setStatus(STATUSES.status(APP, PLAN, APPLIED, List.of(
        ready(ConditionTypes.LOAD_BALANCER_READY, "nlb.example.com"))));

    ExposedAppStatus status = STATUSES.status(withStatus, PLAN, APPLIED, List.of());

    assertThat(status.conditions()).extracting(c -> c.getType()).containsExactly(ConditionTypes.PORTS_ALLOCATED,
        ConditionTypes.SERVICE_READY, ConditionTypes.READY);
    assertThat(Conditions.find(status.conditions(), ConditionTypes.READY).orElseThrow().getMessage())
        .startsWith("reachable on every node at play:");
  }
}
