package io.exposedapp.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.exposedapp.allocation.PortRange;
import io.exposedapp.api.NodePortPool;
import io.exposedapp.api.NodePortPoolSpec;
import io.exposedapp.api.NodePortPoolStatus;
import io.exposedapp.pool.PoolUsage;
import io.exposedapp.pool.Pools;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** A NodePortPool's status from its validity and usage. */
class PoolStatusFactoryTest {

  private static final Clock T0 = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
  private static final Clock T1 = Clock.fixed(Instant.parse("2026-12-01T11:00:00Z"), ZoneOffset.UTC);

  private static NodePortPool pool(String name, String range, NodePortPoolStatus status) {
    NodePortPool pool = new NodePortPool(new NodePortPoolSpec(List.of(range), null, null, null, true));
    pool.setMetadata(new ObjectMetaBuilder().withName(name).withGeneration(3L).build());
    pool.setStatus(status);
    return pool;
  }

  @Test
  void aValidPoolShowsItsFiguresAndNamespacesSorted() {
    NodePortPool pool = pool("pa", "30100-30109", null);
    Pools pools = Pools.of(Map.of("pa", pool.getSpec()), PortRange.DEFAULT);

    NodePortPoolStatus status = new PoolStatusFactory(new Conditions(T0)).status(pool, pools,
        new PoolUsage(10, 3, 7, Map.of("z", 1, "a", 2)));

    assertThat(status).isEqualTo(new NodePortPoolStatus(3L, "30100-30109", 10, 3, 7, 7, 2,
        List.of(new NodePortPoolStatus.NamespaceUsage("a", 2), new NodePortPoolStatus.NamespaceUsage("z", 1)),
        status.conditions()));
    assertThat(status.conditions()).extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
        .containsExactly("Valid=True/Valid", "PortsAvailable=True/PortsFree");
  }

  @Test
  void anOverlappingPoolIsNotValidAndShowsNoFigures() {
    NodePortPool first = pool("first", "30100-30109", null);
    NodePortPool second = pool("second", "30105-30119", null);
    Map<String, NodePortPoolSpec> specs = new java.util.LinkedHashMap<>();
    specs.put("first", first.getSpec());
    specs.put("second", second.getSpec());

    NodePortPoolStatus status = new PoolStatusFactory(new Conditions(T0)).status(second,
        Pools.of(specs, PortRange.DEFAULT), null);

    assertThat(status.size()).isZero();
    assertThat(status.used()).isNull();
    assertThat(status.conditions().get(0).getReason()).isEqualTo(Pools.OVERLAP);
    assertThat(status.conditions().get(0).getMessage()).isEqualTo("spec.ranges: 30105-30119 overlaps NodePortPool "
        + "first's 30100-30109, created before it; the pool allocates nothing new until this is fixed (nodePorts "
        + "already held are kept)");
  }

  @Test
  void anUnchangedPoolGetsAnEqualStatusSoNothingIsPatchedAndExhaustionIsATransition() {
    NodePortPool pool = pool("pa", "30100-30101", null);
    Pools pools = Pools.of(Map.of("pa", pool.getSpec()), PortRange.DEFAULT);
    NodePortPoolStatus full = new PoolStatusFactory(new Conditions(T0)).status(pool, pools,
        new PoolUsage(2, 2, 0, Map.of("a", 2)));

    NodePortPoolStatus again = new PoolStatusFactory(new Conditions(T1)).status(pool("pa", "30100-30101", full),
        pools, new PoolUsage(2, 2, 0, Map.of("a", 2)));

    assertThat(again).isEqualTo(full);
    assertThat(PoolStatusFactory.becameExhausted(null, full)).isTrue();
    assertThat(PoolStatusFactory.becameExhausted(full, again)).isFalse();
  }
}
