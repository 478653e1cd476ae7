package io.exposedapp.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.exposedapp.allocation.PortRange;
import io.exposedapp.api.NodePortPoolSpec;
import io.exposedapp.pool.Pools.Selection;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;

/** Which pools an app draws new nodePorts from, and which pools are invalid: tables of cases. */
class PoolsTest {

  private static final Map<String, String> TEAM_A = Map.of("team", "a", "env", "prod");
  private static final java.util.Optional<Map<String, String>> KNOWN_TEAM_A = java.util.Optional.of(TEAM_A);

  private static NodePortPoolSpec pool(String ranges, LabelSelector selector, int priority, boolean isDefault) {
    return new NodePortPoolSpec(List.of(ranges.split(" ")), selector, priority, null, isDefault);
  }

  private static LabelSelector team(String team) {
    return new LabelSelectorBuilder().addToMatchLabels("team", team).build();
  }

  private static LabelSelector expression(String key, String operator, String... values) {
    return new LabelSelectorBuilder().addNewMatchExpression().withKey(key).withOperator(operator)
        .withValues(values).endMatchExpression().build();
  }

  /** name, pools, spec.pool, expected: the pools drawn from in order, or "refused <Reason>", or "cluster range". */
  static Stream<Arguments> selections() {
    NodePortPoolSpec a = pool("30100-30199", team("a"), 10, false);
    NodePortPoolSpec a2 = pool("30200-30299", team("a"), 5, false);
    NodePortPoolSpec b = pool("30300-30399", team("b"), 0, false);
    NodePortPoolSpec fallback = pool("30900-30999", null, 0, true);
    return Stream.of(
        Arguments.of("no pool at all: the operator's range, as before pools", Map.of(), null, "cluster range"),
        Arguments.of("the pool that selects the namespace", Map.of("a", a, "b", b), null, "a"),
        Arguments.of("several select it: lowest priority number first", Map.of("a", a, "a2", a2, "b", b), null,
            "a2 a"),
        Arguments.of("a tie in priority goes by name", Map.of("z", pool("30100-30199", team("a"), 0, false),
            "m", pool("30200-30299", team("a"), 0, false)), null, "m z"),
        Arguments.of("a named pool that selects it: only that one", Map.of("a", a, "a2", a2), "a", "a"),
        Arguments.of("a named pool that does not select it", Map.of("a", a, "b", b), "b", "refused PoolNotAllowed"),
        Arguments.of("a named pool that does not exist", Map.of("a", a), "c", "refused PoolNotFound"),
        Arguments.of("no pool selects it: the default pool", Map.of("b", b, "fallback", fallback), null,
            "fallback"),
        Arguments.of("a named default pool, no pool selecting", Map.of("b", b, "fallback", fallback), "fallback",
            "fallback"),
        Arguments.of("a pool selects it: the default is not used", Map.of("a", a, "fallback", fallback), null, "a"),
        Arguments.of("no pool selects it and none is default", Map.of("b", b), null, "refused NoPool"),
        Arguments.of("an empty selector selects nothing", Map.of("empty", pool("30100-30199",
            new LabelSelector(), 0, false)), null, "refused NoPool"),
        Arguments.of("selected only by an invalid pool: no fallback to the default", inCreationOrder(
            "b", pool("30150-30250", team("b"), 0, false), "a", pool("30100-30199", team("a"), 0, false),
            "fallback", fallback), null, "refused PoolInvalid"),
        Arguments.of("an invalid pool is skipped, the next one drawn from", Map.of(
            "bad", pool("29000-29999", team("a"), 0, false), "a", a), null, "a"),
        Arguments.of("matchExpressions In", Map.of("p", pool("30100-30199", expression("env", "In", "prod", "qa"),
            0, false)), null, "p"),
        Arguments.of("matchExpressions NotIn", Map.of("p", pool("30100-30199", expression("env", "NotIn", "prod"),
            0, false)), null, "refused NoPool"),
        Arguments.of("matchExpressions Exists", Map.of("p", pool("30100-30199", expression("team", "Exists"),
            0, false)), null, "p"),
        Arguments.of("matchExpressions DoesNotExist", Map.of("p", pool("30100-30199",
            expression("team", "DoesNotExist"), 0, false)), null, "refused NoPool"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("selections")
  void selection(String name, Map<String, NodePortPoolSpec> pools, String requested, String expected) {
    Selection selection = Pools.of(pools, PortRange.DEFAULT).select("shop", KNOWN_TEAM_A, requested);

    String actual = selection instanceof Selection.Drawn drawn
        ? String.join(" ", drawn.pools().stream().map(Pools.Pool::name).toList())
        : selection instanceof Selection.Refused refused ? "refused " + refused.reason() : "cluster range";
    assertThat(actual).isEqualTo(expected);
  }

  /** A map that iterates in the order given: the order the pools were created. */
  private static Map<String, NodePortPoolSpec> inCreationOrder(Object... namesAndSpecs) {
    Map<String, NodePortPoolSpec> pools = new java.util.LinkedHashMap<>();
    for (int i = 0; i < namesAndSpecs.length; i += 2) {
      pools.put((String) namesAndSpecs[i], (NodePortPoolSpec) namesAndSpecs[i + 1]);
    }
    return pools;
  }

  @Test
  void aPoolOverlappingAnEarlierOneIsInvalidAndSaysWithWhomWhileTheEarlierAndOthersAreUnaffected() {
    Pools pools = Pools.of(inCreationOrder("b", pool("30150-30160", team("b"), 0, false),
        "a", pool("30100-30199", team("a"), 0, false), "c", pool("30500-30509", team("c"), 0, false)),
        PortRange.DEFAULT);

    assertThat(pools.invalid()).containsOnlyKeys("a");
    assertThat(pools.invalid().get("a").reason()).isEqualTo(Pools.OVERLAP);
    assertThat(pools.invalid().get("a").message()).isEqualTo("spec.ranges: 30100-30199 overlaps NodePortPool b's "
        + "30150-30160, created before it");
    assertThat(pools.valid()).containsOnlyKeys("b", "c");
  }

  @Test
  void whichOfTwoOverlappingPoolsIsInvalidDependsOnlyOnWhichCameFirst() {
    NodePortPoolSpec a = pool("30100-30199", team("a"), 0, false);
    NodePortPoolSpec b = pool("30150-30160", team("b"), 0, false);

    assertThat(Pools.of(inCreationOrder("a", a, "b", b), PortRange.DEFAULT).invalid()).containsOnlyKeys("b");
    assertThat(Pools.of(inCreationOrder("b", b, "a", a), PortRange.DEFAULT).invalid()).containsOnlyKeys("a");
  }

  @Test
  void aRangeOutsideTheClusterRangeOrUnreadableOrOverlappingItselfMakesThePoolInvalid() {
    Pools pools = Pools.of(Map.of("outside", pool("32700-32800", team("a"), 0, false),
        "unreadable", pool("30100-", team("a"), 0, false),
        "self", pool("30300-30399 30350-30360", team("a"), 0, false),
        "fine", pool("30500-30509 30400-30409", team("a"), 0, false)), PortRange.DEFAULT);

    assertThat(pools.invalid().get("outside").reason()).isEqualTo(Pools.OUTSIDE_CLUSTER_RANGE);
    assertThat(pools.invalid().get("outside").message())
        .isEqualTo("spec.ranges: 32700-32800 is outside the cluster's nodePort range 30000-32767");
    assertThat(pools.invalid().get("unreadable").reason()).isEqualTo(Pools.INVALID_RANGES);
    assertThat(pools.invalid().get("self").reason()).isEqualTo(Pools.OVERLAP);
    assertThat(pools.valid().get("fine").ranges()).as("ascending")
        .containsExactly(new PortRange(30400, 30409), new PortRange(30500, 30509));
    assertThat(pools.valid().get("fine").size()).isEqualTo(20);
  }

  @Test
  void aNamespaceNotKnownYetGetsNoPoolForNowWhenPoolsExistAndTheRangeWhenNoneDoes() {
    Map<String, NodePortPoolSpec> pools = Map.of("fallback", pool("30900-30999", null, 0, true));

    assertThat(Pools.of(pools, PortRange.DEFAULT).select("new", java.util.Optional.empty(), null))
        .isInstanceOfSatisfying(Selection.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(Pools.NAMESPACE_PENDING));
    assertThat(Pools.of(Map.of(), PortRange.DEFAULT).select("new", java.util.Optional.empty(), null))
        .isEqualTo(new Selection.ClusterRange(PortRange.DEFAULT));
  }

  @Test
  void aRefusedNamedPoolSaysWhichPoolsTheNamespaceMayUse() {
    Selection selection = Pools.of(Map.of("a", pool("30100-30199", team("a"), 0, false),
        "b", pool("30300-30399", team("b"), 0, false)), PortRange.DEFAULT).select("shop", KNOWN_TEAM_A, "b");

    assertThat(selection).isEqualTo(new Selection.Refused(Pools.POOL_NOT_ALLOWED,
        "spec.pool: NodePortPool b does not serve namespace shop; it may use a"));
  }
}
