package io.exposedapp.reconciler;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.NodePortPool;
import io.exposedapp.api.NodePortPoolSpec;
import io.exposedapp.ledger.ClusterPorts;
import io.exposedapp.plan.ClusterView;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * The ExposedApp controller's informer caches as the planner reads them: every Service, the ExposedApps, the
 * Ingresses, the NodePortPools and the namespaces' labels. The NodePortPool controller reads the same caches, so the
 * cluster's Services are cached once.
 */
final class InformerClusterView implements ClusterView {

  private final IndexerResourceCache<ExposedApp> apps;
  private final InformerEventSource<Service, ExposedApp> services;
  private final InformerEventSource<Ingress, ExposedApp> ingresses;
  /** Absent when the NodePortPool CRD is not installed: no pools. */
  private final Optional<InformerEventSource<NodePortPool, ExposedApp>> pools;
  private final InformerEventSource<Namespace, ExposedApp> namespaces;
  /** Fed by the stores of the apps and the Services. */
  private final ClusterPorts ports;

  InformerClusterView(ClusterPorts ports, IndexerResourceCache<ExposedApp> apps,
      InformerEventSource<Service, ExposedApp> services,
      InformerEventSource<Ingress, ExposedApp> ingresses,
      Optional<InformerEventSource<NodePortPool, ExposedApp>> pools,
      InformerEventSource<Namespace, ExposedApp> namespaces) {
    this.ports = ports;
    this.apps = apps;
    this.services = services;
    this.ingresses = ingresses;
    this.pools = pools;
    this.namespaces = namespaces;
  }

  /** Every informer has listed what exists (JOSDK marks an informer running once it has synced). */
  boolean synced() {
    return services.isRunning() && pools.map(InformerEventSource::isRunning).orElse(true) && namespaces.isRunning();
  }

  @Override
  public Collection<Service> services() {
    return services.list().toList();
  }

  @Override
  public Optional<Service> service(String namespace, String name) {
    return services.get(new ResourceID(name, namespace));
  }

  @Override
  public <T> T readPorts(Function<ClusterPorts.Reading, T> reader) {
    return ports.read(reader);
  }

  /** Compares the ports in use with the caches' contents, and takes the caches' on any difference. */
  ClusterPorts.Drift repairPorts() {
    return ports.repair(this::services, this::apps);
  }

  @Override
  public Collection<ExposedApp> apps() {
    return apps.list().toList();
  }

  @Override
  public Optional<Ingress> ingress(String namespace, String name) {
    return ingresses.get(new ResourceID(name, namespace));
  }

  @Override
  public Map<String, NodePortPoolSpec> pools() {
    // in creation order: an earlier pool wins an overlap (RFC 3339 timestamps of one server sort as text; they have
    // whole seconds, so pools created within the same second go by name)
    Map<String, NodePortPoolSpec> specs = new LinkedHashMap<>();
    if (pools.isEmpty()) {
      return specs;
    }
    pools.get().list().filter(p -> p.getSpec() != null)
        .sorted(Comparator.comparing((NodePortPool p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
            .thenComparing(p -> p.getMetadata().getName()))
        .forEach(p -> specs.put(p.getMetadata().getName(), p.getSpec()));
    return specs;
  }

  @Override
  public Optional<Map<String, String>> namespaceLabels(String namespace) {
    return namespaces.get(new ResourceID(namespace))
        .map(n -> n.getMetadata().getLabels() == null ? Map.<String, String>of() : n.getMetadata().getLabels());
  }
}
