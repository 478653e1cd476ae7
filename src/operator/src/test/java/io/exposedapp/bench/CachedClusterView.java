package io.exposedapp.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.NodePortPoolSpec;
import io.exposedapp.ledger.ClusterPorts;
import io.exposedapp.plan.ClusterView;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

/**
 * The caches as the operator's informers hold them, for the planner's benchmarks: Services found by key, and the ports
 * in use kept in one {@link ClusterPorts} built once, as the stores keep it (not rebuilt per plan, unlike {@link
 * ClusterView.Fixed}).
 */
final class CachedClusterView implements ClusterView {

  private final Map<String, Service> services = new HashMap<>();
  private final List<ExposedApp> apps;
  private final Map<String, NodePortPoolSpec> pools;
  private final Map<String, Map<String, String>> namespaces;
  private final ClusterPorts ports;
  private final boolean rebuildPerRead;

  CachedClusterView(List<Service> services, List<ExposedApp> apps, Map<String, NodePortPoolSpec> pools,
      Map<String, Map<String, String>> namespaces) {
    this(services, apps, pools, namespaces, false);
  }

  /**
   * The same caches with the ledger rebuilt from every cached Service and app at each read, as the operator did
   * before it kept the ledger from the caches' changes: the baseline of the plan's benchmarks.
   */
  static CachedClusterView rebuildingTheLedger(List<Service> services, List<ExposedApp> apps) {
    return new CachedClusterView(services, apps, Map.of(), Map.of(), true);
  }

  private CachedClusterView(List<Service> services, List<ExposedApp> apps, Map<String, NodePortPoolSpec> pools,
      Map<String, Map<String, String>> namespaces, boolean rebuildPerRead) {
    this.rebuildPerRead = rebuildPerRead;
    services.forEach(s -> this.services.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), s));
    this.apps = apps;
    this.pools = pools;
    this.namespaces = namespaces;
    this.ports = ClusterPorts.of(services, apps);
  }

  @Override
  public Collection<Service> services() {
    return services.values();
  }

  @Override
  public <T> T readPorts(Function<ClusterPorts.Reading, T> reader) {
    return (rebuildPerRead ? ClusterPorts.of(services.values(), apps) : ports).read(reader);
  }

  @Override
  public Optional<Service> service(String namespace, String name) {
    return Optional.ofNullable(services.get(namespace + "/" + name));
  }

  @Override
  public Collection<ExposedApp> apps() {
    return apps;
  }

  @Override
  public Optional<Ingress> ingress(String namespace, String name) {
    return Optional.empty();
  }

  @Override
  public Map<String, NodePortPoolSpec> pools() {
    return pools;
  }

  @Override
  public Optional<Map<String, String>> namespaceLabels(String namespace) {
    return Optional.of(namespaces.getOrDefault(namespace, Map.of()));
  }
}
