package io.exposedapp.plan;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.NodePortPoolSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

/**
 * What {@link NodePortPlanner} reads of the cluster to make a whole plan: the informer caches in the operator, fixed
 * collections in tests and in {@code render}. The planner reads it under its lock, so each plan sees the caches at least as new as the
 * plan before it saw them.
 */
public interface ClusterView {

  /** Every Service in the cluster. */
  Collection<Service> services();

  /** The Service of that name, if any (a keyed lookup: most plans need no other Service). */
  Optional<Service> service(String namespace, String name);

  /** Every ExposedApp the operator sees. */
  Collection<ExposedApp> apps();

  /** The Ingress of that name, if any. */
  Optional<Ingress> ingress(String namespace, String name);

  /**
   * Every NodePortPool's spec by name, in the order they were created (an earlier pool wins an overlap); empty when
   * there is none (the operator's whole range).
   */
  default Map<String, NodePortPoolSpec> pools() {
    return Map.of();
  }

  /** The labels of a namespace (what pools select by); empty when it is unknown. */
  default Map<String, String> namespaceLabels(String namespace) {
    return Map.of();
  }

  /** This view with these pools and these labels of namespaces (tests, render). */
  default ClusterView withPools(Map<String, NodePortPoolSpec> pools, Map<String, Map<String, String>> namespaces) {
    ClusterView cluster = this;
    return new ClusterView() {
      @Override
      public Collection<Service> services() {
        return cluster.services();
      }

      @Override
      public Optional<Service> service(String namespace, String name) {
        return cluster.service(namespace, name);
      }

      @Override
      public Collection<ExposedApp> apps() {
        return cluster.apps();
      }

      @Override
      public Optional<Ingress> ingress(String namespace, String name) {
        return cluster.ingress(namespace, name);
      }

      @Override
      public Map<String, NodePortPoolSpec> pools() {
        return pools;
      }

      @Override
      public Map<String, String> namespaceLabels(String namespace) {
        return namespaces.getOrDefault(namespace, Map.of());
      }
    };
  }

  /** A view of fixed collections, without Ingresses. */
  static ClusterView of(Collection<Service> services, Collection<ExposedApp> apps) {
    return of(services, apps, java.util.List.of());
  }

  /** A view of fixed collections. */
  static ClusterView of(Collection<Service> services, Collection<ExposedApp> apps, Collection<Ingress> ingresses) {
    return new ClusterView() {
      @Override
      public Collection<Service> services() {
        return services;
      }

      @Override
      public Optional<Service> service(String namespace, String name) {
        return services.stream().filter(s -> namespace.equals(s.getMetadata().getNamespace())
            && name.equals(s.getMetadata().getName())).findFirst();
      }

      @Override
      public Collection<ExposedApp> apps() {
        return apps;
      }

      @Override
      public Optional<Ingress> ingress(String namespace, String name) {
        return ingresses.stream().filter(i -> namespace.equals(i.getMetadata().getNamespace())
            && name.equals(i.getMetadata().getName())).findFirst();
      }
    };
  }
}
