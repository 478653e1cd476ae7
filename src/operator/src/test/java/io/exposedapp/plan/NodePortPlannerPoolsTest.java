package io.exposedapp.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.exposedapp.allocation.Allocation;
import io.exposedapp.allocation.PortRange;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppSpec;
import io.exposedapp.api.ExposedAppStatus;
import io.exposedapp.api.NodePortPoolSpec;
import io.exposedapp.api.NodePortStatus;
import io.exposedapp.api.PortSpec;
import io.exposedapp.api.Protocol;
import io.exposedapp.meta.Labels;
import io.exposedapp.pool.PoolUsage;
import io.exposedapp.pool.Pools;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/** The planner with NodePortPools: where new ports come from, what the quota counts, what it says of kept ports. */
class NodePortPlannerPoolsTest {

  private final NodePortPlanner planner = new NodePortPlanner(PortRange.DEFAULT, Clock.systemUTC());

  private static NodePortPoolSpec pool(String range, String team, Integer quota) {
    return new NodePortPoolSpec(List.of(range), new LabelSelectorBuilder().addToMatchLabels("team", team).build(),
        null, quota, null);
  }

  private static ExposedApp app(String namespace, String name, Integer recorded, String... portNames) {
    List<PortSpec> ports = java.util.Arrays.stream(portNames.length == 0 ? new String[] {"http"} : portNames)
        .map(p -> new PortSpec(p, 80, null, null, null)).toList();
    ExposedApp app = new ExposedApp(new ExposedAppSpec(Map.of("app", name), null, ports, null, null, null, null,
        null));
    app.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withUid("uid-" + name)
        .withGeneration(1L).build());
    if (recorded != null) {
      app.setStatus(new ExposedAppStatus(1L, name, List.of(new NodePortStatus("http", 80, Protocol.TCP, recorded)),
          null, null, null, List.of()));
    }
    return app;
  }

  private static Service serviceOf(ExposedApp app, int nodePort) {
    return new ServiceBuilder().withNewMetadata().withNamespace(app.getMetadata().getNamespace())
        .withName(app.getMetadata().getName()).withOwnerReferences(Labels.controllerReference(app)).endMetadata()
        .withNewSpec().withType("NodePort").addNewPort().withName("http").withPort(80).withNodePort(nodePort)
        .endPort().endSpec().build();
  }

  private static ClusterView cluster(List<Service> services, List<ExposedApp> apps,
      Map<String, NodePortPoolSpec> pools) {
    return ClusterView.of(services, apps).withPools(pools, Map.of("a", Map.of("team", "a"), "b",
        Map.of("team", "b")));
  }

  @Test
  void withoutPoolsTheAppDrawsFromTheOperatorsRangeAsBefore() {
    ExposedApp web = app("a", "web", null);

    ExposurePlan plan = planner.plan(web, cluster(List.of(), List.of(web), Map.of()));

    assertThat(plan.nodePort("http")).isEqualTo(30000);
    assertThat(plan.source().isOperatorRange()).isTrue();
  }

  @Test
  void anAppDrawsTheLowestFreePortOfItsNamespacesPoolPastPortsOthersHold() {
    ExposedApp other = app("b", "other", 30100);
    ExposedApp web = app("a", "web", null);

    ExposurePlan plan = planner.plan(web, cluster(List.of(serviceOf(other, 30100)), List.of(other, web),
        Map.of("pa", pool("30100-30109", "a", null), "pb", pool("30200-30209", "b", null))));

    assertThat(plan.nodePort("http")).isEqualTo(30101);
  }

  @Test
  void theQuotaCountsWhatTheNamespaceHoldsInThePoolWhoeverHoldsIt() {
    ExposedApp first = app("a", "first", 30100);
    Service handWritten = new ServiceBuilder().withNewMetadata().withNamespace("a").withName("legacy").endMetadata()
        .withNewSpec().withType("NodePort").addNewPort().withPort(80).withNodePort(30105).endPort().endSpec().build();
    ExposedApp second = app("a", "second", null);

    ExposurePlan plan = planner.plan(second, cluster(List.of(serviceOf(first, 30100), handWritten),
        List.of(first, second), Map.of("pa", pool("30100-30109", "a", 2))));

    assertThat(plan.ports().get(0).allocation()).isInstanceOfSatisfying(Allocation.QuotaExceeded.class, q -> {
      assertThat(q.band().held()).isEqualTo(2);
      assertThat(q.band().limit()).isEqualTo(2);
    });
  }

  @Test
  void aPortKeptOutsideTheAppsPoolIsKeptAndListedAsOutside() {
    ExposedApp web = app("a", "web", 30000);

    ExposurePlan plan = planner.plan(web, cluster(List.of(serviceOf(web, 30000)), List.of(web),
        Map.of("pa", pool("30100-30109", "a", null))));

    assertThat(plan.nodePort("http")).isEqualTo(30000);
    assertThat(plan.keptOutsideRange()).hasSize(1);
    assertThat(plan.source().toString()).isEqualTo("NodePortPool pa (30100-30109)");
  }

  @Test
  void anAppNoPoolServesGetsNoNewPortButKeepsTheOnesItHas() {
    ExposedApp keeper = app("b", "keeper", 30000);
    ExposedApp newcomer = app("b", "newcomer", null);
    Map<String, NodePortPoolSpec> onlyA = Map.of("pa", pool("30100-30109", "a", null));

    ExposurePlan kept = planner.plan(keeper, cluster(List.of(serviceOf(keeper, 30000)), List.of(keeper), onlyA));
    ExposurePlan refused = planner.plan(newcomer, cluster(List.of(serviceOf(keeper, 30000)),
        List.of(keeper, newcomer), onlyA));

    assertThat(kept.nodePort("http")).isEqualTo(30000);
    assertThat(kept.source().refusal().reason()).isEqualTo(Pools.NO_POOL);
    assertThat(refused.ports().get(0).allocation()).isEqualTo(new Allocation.NoPool(refused.source().refusal()));
  }

  @Test
  void poolUsageCountsEveryHolderInTheRangesPerNamespaceAndTheLargestFreeBlock() {
    ExposedApp a1 = app("a", "a1", 30101);
    ExposedApp b1 = app("b", "b1", 30105);
    Map<String, NodePortPoolSpec> pools = new LinkedHashMap<>();
    pools.put("pa", new NodePortPoolSpec(List.of("30100-30109", "30120-30121"), null, null, null, true));

    Map<String, PoolUsage> usage = planner.poolUsage(cluster(List.of(serviceOf(a1, 30101), serviceOf(b1, 30105)),
        List.of(a1, b1), pools), Pools.of(pools, PortRange.DEFAULT));

    PoolUsage pa = usage.get("pa");
    assertThat(pa.size()).isEqualTo(12);
    assertThat(pa.used()).isEqualTo(2);
    assertThat(pa.free()).isEqualTo(10);
    assertThat(pa.largestFreeBlock()).as("30106-30109").isEqualTo(4);
    assertThat(pa.byNamespace()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1, "b", 1));
  }
}
