package io.exposedapp.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.meta.Labels;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;

/**
 * The store of every Service in the cluster (a nodePort is cluster-wide). The operator's own Services are kept whole
 * but for other managers' managedFields entries ({@link ManagedFieldsTrimmingStore}); every other Service is kept as
 * only what allocation and ownership read: name, namespace, resourceVersion, owner references, type, and each
 * port's name, port, protocol and nodePort, plus the health check's nodePort and the load balancer class. In a shared
 * cluster most Services are not the operator's, and a whole Service with its selector, labels, annotations and IPs costs several times as much.
 */
public final class ServiceStore extends ManagedFieldsTrimmingStore<Service> {

  public ServiceStore(String fieldManager) {
    super(Set.of(fieldManager));
  }

  @Override
  public Service put(String key, Service service) {
    return super.put(key, isOperators(service) ? Compaction.service(service) : slim(service));
  }

  /**
   * Written by this operator (its label) or controlled by an ExposedApp: kept whole, since JOSDK's server-side-apply
   * matcher compares it with the desired Service, and an orphaned one is recognized by its labels.
   */
  static boolean isOperators(Service service) {
    Map<String, String> labels = service.getMetadata().getLabels();
    return labels != null && Labels.OPERATOR.equals(labels.get(Labels.MANAGED_BY))
        || service.getMetadata().getOwnerReferences() != null && service.getMetadata().getOwnerReferences().stream()
            .anyMatch(r -> Boolean.TRUE.equals(r.getController())
                && ExposedApp.class.getSimpleName().equals(r.getKind()));
  }

  /**
   * What allocation and ownership read of another's Service; the rest is dropped. The empty collections fabric8's
   * model creates for every object are replaced by shared empty ones, and the few values many Services repeat
   * (namespace, type, protocol, port name) come from {@link Compaction#shared}'s pool: about 500 bytes per Service
   * instead of about 3 KB (docs/BENCHMARKS.md). Nothing changes a cached object, so sharing them is safe.
   */
  static Service slim(Service service) {
    ObjectMeta meta = new ObjectMeta();
    meta.setName(service.getMetadata().getName());
    meta.setNamespace(Compaction.shared(service.getMetadata().getNamespace()));
    meta.setResourceVersion(service.getMetadata().getResourceVersion());
    List<io.fabric8.kubernetes.api.model.OwnerReference> owners = service.getMetadata().getOwnerReferences();
    meta.setOwnerReferences(owners == null || owners.isEmpty() ? List.of() : owners);
    meta.setLabels(Map.of());
    meta.setAnnotations(Map.of());
    meta.setFinalizers(List.of());
    meta.setManagedFields(List.of());
    meta.setAdditionalProperties(Map.of());
    Service slim = new Service();
    slim.setMetadata(meta);
    slim.setAdditionalProperties(Map.of());
    ServiceSpec spec = service.getSpec();
    if (spec != null) {
      ServiceSpec kept = new ServiceSpec();
      kept.setType(Compaction.shared(spec.getType()));
      kept.setHealthCheckNodePort(spec.getHealthCheckNodePort());
      // whether a Service to adopt can become the app's NLB: the class of a LoadBalancer never changes
      kept.setLoadBalancerClass(Compaction.shared(spec.getLoadBalancerClass()));
      List<ServicePort> ports = new ArrayList<>(spec.getPorts() == null ? 0 : spec.getPorts().size());
      if (spec.getPorts() != null) {
        for (ServicePort port : spec.getPorts()) {
          ServicePort p = new ServicePort();
          p.setName(Compaction.shared(port.getName()));
          p.setPort(port.getPort());
          p.setProtocol(Compaction.shared(port.getProtocol()));
          p.setNodePort(port.getNodePort());
          p.setAdditionalProperties(Map.of());
          ports.add(p);
        }
      }
      kept.setPorts(ports);
      kept.setClusterIPs(List.of());
      kept.setExternalIPs(List.of());
      kept.setIpFamilies(List.of());
      kept.setLoadBalancerSourceRanges(List.of());
      kept.setSelector(Map.of());
      kept.setAdditionalProperties(Map.of());
      slim.setSpec(kept);
    }
    return slim;
  }
}
