package io.exposedapp.bench;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.exposedapp.allocation.Allocation;
import io.exposedapp.allocation.Holder;
import io.exposedapp.allocation.NodePortAllocator;
import io.exposedapp.allocation.PortClaim;
import io.exposedapp.allocation.PortLedger;
import io.exposedapp.allocation.PortRange;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppSpec;
import io.exposedapp.api.ExposedAppStatus;
import io.exposedapp.api.NodePortPoolSpec;
import io.exposedapp.api.NodePortStatus;
import io.exposedapp.api.PortSpec;
import io.exposedapp.api.Protocol;
import io.exposedapp.plan.ClusterView;
import io.exposedapp.plan.ExposurePlan;
import io.exposedapp.plan.NodePortPlanner;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/**
 * One nodePort allocation with the range 30000-32767 filled to a given fraction by other apps (random ports, seeded):
 * <ul>
 *   <li>{@code baselineNextClearBit}: the least work there is, finding the lowest clear bit of a filled BitSet;</li>
 *   <li>{@code allocate}: {@link NodePortAllocator#allocate} against a built ledger (the micro-benchmark);</li>
 *   <li>{@code plan}: {@link NodePortPlanner#plan}, what a reconcile really pays, reading the ports in use as the
 *       operator's stores keep them ({@link CachedClusterView}: one Service and one ExposedApp status per used port);
 *       </li>
 *   <li>{@code planRebuildingTheLedger}: the same plan with the ledger rebuilt from every cached object per plan, as
 *       the operator did before it kept the ledger from the caches' changes;</li>
 *   <li>{@code planFromPools}: {@code plan} with four NodePortPools splitting the range, two of them (one with a quota)
 *       selecting the app's namespace: the pools checked, selected and the namespace's ports counted, per plan.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AllocatorBenchmark {

  static final PortRange RANGE = new PortRange(30000, 32767);

  @Param({"0", "50", "95", "99.9"})
  public double fillPercent;

  private final NodePortAllocator allocator = new NodePortAllocator(RANGE);
  private final Holder app = Holder.exposedApp("bench", "new-app");
  private final List<PortClaim> claims = List.of(new PortClaim("http", null, null, null));
  private PortLedger ledger;
  private BitSet used;
  private NodePortPlanner planner;
  private ExposedApp newApp;
  private List<Service> services;
  private List<ExposedApp> apps;
  private ClusterView cached;
  private ClusterView rebuilding;
  private ClusterView withPools;

  @Setup(Level.Trial)
  public void fill() {
    List<Integer> taken = takenPorts(fillPercent);
    ledger = new PortLedger();
    used = new BitSet();
    services = new ArrayList<>();
    apps = new ArrayList<>();
    for (int i = 0; i < taken.size(); i++) {
      int port = taken.get(i);
      ledger.hold(port, Holder.service("bench", "app-" + i));
      ledger.hold(port, Holder.exposedApp("bench", "app-" + i));
      used.set(port);
      services.add(new ServiceBuilder().withNewMetadata().withNamespace("bench").withName("app-" + i).endMetadata()
          .withNewSpec().withType("NodePort").addNewPort().withName("http").withPort(80).withNodePort(port).endPort()
          .endSpec().build());
      apps.add(app("app-" + i, new ExposedAppStatus(1L, "app-" + i,
          List.of(new NodePortStatus("http", 80, Protocol.TCP, port)), null, null, null, List.of())));
    }
    planner = new NodePortPlanner(RANGE, java.time.Clock.systemUTC());
    newApp = app("new-app", null);
    Map<String, NodePortPoolSpec> pools = new java.util.LinkedHashMap<>();
    var bench = new LabelSelectorBuilder().addToMatchLabels("team", "bench").build();
    var other = new LabelSelectorBuilder().addToMatchLabels("team", "other").build();
    pools.put("a", new NodePortPoolSpec(List.of("30000-30691"), bench, 1, RANGE.size(), null));
    pools.put("b", new NodePortPoolSpec(List.of("30692-31383"), bench, 2, null, null));
    pools.put("c", new NodePortPoolSpec(List.of("31384-32075"), other, 0, null, null));
    pools.put("d", new NodePortPoolSpec(List.of("32076-32767"), null, 0, null, true));
    cached = new CachedClusterView(services, apps, Map.of(), Map.of());
    rebuilding = CachedClusterView.rebuildingTheLedger(services, apps);
    withPools = new CachedClusterView(services, apps, pools, Map.of("bench", Map.of("team", "bench")));
  }

  /** {@code fillPercent} of the range's ports, in a random (seeded, so every run's) order. */
  static List<Integer> takenPorts(double fillPercent) {
    List<Integer> ports = new ArrayList<>();
    for (int p = RANGE.start(); p <= RANGE.end(); p++) {
      ports.add(p);
    }
    Collections.shuffle(ports, new Random(42));
    return new ArrayList<>(ports.subList(0, (int) Math.round(RANGE.size() * fillPercent / 100)));
  }

  static ExposedApp app(String name, ExposedAppStatus status) {
    ExposedApp app = new ExposedApp(new ExposedAppSpec(Map.of("app", name), null,
        List.of(new PortSpec("http", 80, null, null, null)), null, null, null, null, null));
    app.setMetadata(new ObjectMetaBuilder().withNamespace("bench").withName(name).withUid("uid-" + name)
        .withGeneration(1L).build());
    app.setStatus(status);
    return app;
  }

  @Benchmark
  public int baselineNextClearBit() {
    return used.nextClearBit(RANGE.start());
  }

  @Benchmark
  public Map<String, Allocation> allocate() {
    return allocator.allocate(app, claims, h -> false, ledger);
  }

  @Benchmark
  public ExposurePlan plan() {
    return planner.plan(newApp, cached);
  }

  @Benchmark
  public ExposurePlan planRebuildingTheLedger() {
    return planner.plan(newApp, rebuilding);
  }

  @Benchmark
  public ExposurePlan planFromPools() {
    return planner.plan(newApp, withPools);
  }
}
