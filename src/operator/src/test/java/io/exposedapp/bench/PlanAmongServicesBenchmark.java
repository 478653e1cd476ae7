package io.exposedapp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

import io.exposedapp.allocation.PortRange;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppStatus;
import io.exposedapp.api.NodePortStatus;
import io.exposedapp.api.Protocol;
import io.exposedapp.plan.ClusterView;
import io.exposedapp.plan.ExposurePlan;
import io.exposedapp.plan.NodePortPlanner;
import io.exposedapp.testing.CrowdedCluster;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;

/**
 * The plan of one new app in a crowded cluster: 10,000 foreign Services ({@link CrowdedCluster}) in the caches, and
 * the range 30000-32767 filled to a fraction, first by the foreign NodePort and LoadBalancer Services' ports, then by
 * apps (a Service and a status each). Sampled, for p50 and p99 of single calls:
 * <ul>
 *   <li>{@code plan}: the ports in use read as the operator's stores keep them ({@link CachedClusterView});</li>
 *   <li>{@code planRebuildingTheLedger}, the baseline: the ledger rebuilt from every cached object per plan.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PlanAmongServicesBenchmark {

  static final PortRange RANGE = AllocatorBenchmark.RANGE;
  static final int FOREIGN = 10_000;

  @Param({"0", "50", "99.9"})
  public double fillPercent;

  private NodePortPlanner planner;
  private ExposedApp newApp;
  private List<Service> services;
  private List<ExposedApp> apps;
  private ClusterView cached;
  private ClusterView rebuilding;

  @Setup(Level.Trial)
  public void fill() {
    List<Integer> taken = AllocatorBenchmark.takenPorts(fillPercent);
    services = new ArrayList<>();
    apps = new ArrayList<>();
    for (int i = 0; i < FOREIGN; i++) {
      Service service = CrowdedCluster.foreignService(i);
      if (!service.getSpec().getType().equals("ClusterIP")) {
        for (ServicePort port : service.getSpec().getPorts()) {
          port.setNodePort(taken.isEmpty() ? null : taken.remove(taken.size() - 1));
        }
      }
      services.add(service);
    }
    for (int i = 0; i < taken.size(); i++) {
      int port = taken.get(i);
      services.add(new ServiceBuilder().withNewMetadata().withNamespace("bench").withName("app-" + i).endMetadata()
          .withNewSpec().withType("NodePort").addNewPort().withName("http").withPort(80).withNodePort(port).endPort()
          .endSpec().build());
      apps.add(AllocatorBenchmark.app("app-" + i, new ExposedAppStatus(1L, "app-" + i,
          List.of(new NodePortStatus("http", 80, Protocol.TCP, port)), null, null, null, List.of())));
    }
    planner = new NodePortPlanner(RANGE, java.time.Clock.systemUTC());
    newApp = AllocatorBenchmark.app("new-app", null);
    cached = new CachedClusterView(services, apps, Map.of(), Map.of());
    rebuilding = CachedClusterView.rebuildingTheLedger(services, apps);
  }

  @Benchmark
  public ExposurePlan plan() {
    return planner.plan(newApp, cached);
  }

  @Benchmark
  public ExposurePlan planRebuildingTheLedger() {
    return planner.plan(newApp, rebuilding);
  }
}
