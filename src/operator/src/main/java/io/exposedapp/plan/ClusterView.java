package io.exposedapp.plan;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.ledger.ClusterPorts;
import io.exposedapp.api.NodePortPoolSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

/**
 * What {@link NodePortPlanner} reads of the cluster to make a whole plan: the informer caches in the operator, fixed
 * collections in tests and in {@code render}. The planner reads it under its lock, so each plan sees the caches at
 * least as new as the plan before it saw them.
 */
public interface ClusterView {

  /** Every Service in the cluster (of another's, only what allocation reads: see {@code cache.ServiceStore}). */
  Collection<Service> services();

  /**
   * Reads the ports in use, every Service's and every app's recorded ones, as of these caches; nothing changes them
   * until {@code reader} returns.
   */
  <T> T readPorts(Function<ClusterPorts.Reading, T> reader);

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
  Map<String, NodePortPoolSpec> pools();

  /**
   * The labels of a namespace (what pools select by); empty when the namespace is not known yet (created just before
   * the app, and not yet seen by the informer).
   */
  Optional<Map<String, String>> namespaceLabels(String namespace);

  /** A view of fixed collections, without Ingresses or pools. */
  static Fixed of(Collection<Service> services, Collection<ExposedApp> apps) {
    return of(services, apps, List.of());
  }

  /** A view of fixed collections, without pools. */
  static Fixed of(Collection<Service> services, Collection<ExposedApp> apps, Collection<Ingress> ingresses) {
    return new Fixed(services, apps, ingresses, Map.of(), Map.of());
  }

  /**
   * A view of fixed collections (tests, render).
   *
   * @param pools by name, in the order they were created
   * @param namespaces the labels of each namespace by name; a namespace not in it has none (render reads no cluster)
   */
  record Fixed(Collection<Service> services, Collection<ExposedApp> apps, Collection<Ingress> ingresses,
      Map<String, NodePortPoolSpec> pools, Map<String, Map<String, String>> namespaces) implements ClusterView {

    /** This view with these pools and these labels of namespaces. */
    public Fixed withPools(Map<String, NodePortPoolSpec> newPools, Map<String, Map<String, String>> labels) {
      return new Fixed(services, apps, ingresses, newPools, labels);
    }

    @Override
    public Optional<Service> service(String namespace, String name) {
      return named(services, namespace, name);
    }

    /** Built from the collections at each call: these views are for tests and {@code render}. */
    @Override
    public <T> T readPorts(Function<ClusterPorts.Reading, T> reader) {
      return ClusterPorts.of(services, apps).read(reader);
    }

    @Override
    public Optional<Ingress> ingress(String namespace, String name) {
      return named(ingresses, namespace, name);
    }

    @Override
    public Optional<Map<String, String>> namespaceLabels(String namespace) {
      return Optional.of(namespaces.getOrDefault(namespace, Map.of()));
    }

    private static <T extends HasMetadata> Optional<T> named(Collection<T> objects, String namespace, String name) {
      return objects.stream().filter(o -> namespace.equals(o.getMetadata().getNamespace())
          && name.equals(o.getMetadata().getName())).findFirst();
    }
  }
}
