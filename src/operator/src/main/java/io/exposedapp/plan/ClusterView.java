package io.exposedapp.plan;

import java.util.Collection;
import java.util.Optional;

import io.exposedapp.api.ExposedApp;
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
