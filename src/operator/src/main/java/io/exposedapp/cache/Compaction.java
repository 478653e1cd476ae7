package io.exposedapp.cache;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.meta.Labels;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;

/**
 * Makes a cached object smaller without changing what it says: what thousands of objects repeat is shared. With
 * 10,000 apps the live heap was 156 MiB, most of it the apps' Services and the apps themselves as fabric8 and Jackson
 * build them (docs/BENCHMARKS.md):
 * <ul>
 *   <li>every model object carries its own empty {@code additionalProperties} map: one shared empty map instead;</li>
 *   <li>a managedFields entry is a tree of some twenty maps per Service, almost all equal in every Service the
 *       operator applied: equal subtrees are one shared tree ({@link #sharedTree});</li>
 *   <li>values most objects repeat (a namespace, {@code TCP}, {@code NodePort}, {@code True}, a condition's reason,
 *       the field manager) are each one String, from a bounded pool; names, uids and times are left alone.</li>
 * </ul>
 * Nothing changes a cached object (the reconciler gets copies of apps and only reads Services), so sharing is safe.
 */
final class Compaction {

  /** Bounded: values that repeat are few; those that do not (names, uids) are not pooled once it is full. */
  private static final int POOL_LIMIT = 8192;
  private static final Map<String, String> POOL = new ConcurrentHashMap<>();
  /** Subtrees of managedFields, each held weakly: a map is kept while a cached object holds it. */
  private static final Map<Map<String, Object>, WeakReference<Map<String, Object>>> TREES =
      new WeakHashMap<>();
  /** Labels and annotations whose values repeat across objects (the operator's own and JOSDK's). */
  private static final Set<String> REPEATED_VALUES = Set.of(Labels.MANAGED_BY, Labels.COMPONENT,
      "io.javaoperatorsdk/primary-namespace", "io.javaoperatorsdk/primary-type");

  private Compaction() {
  }

  /** The operator's own Service, compacted in place. */
  static Service service(Service service) {
    service.setAdditionalProperties(Map.of());
    metadata(service.getMetadata());
    ServiceSpec spec = service.getSpec();
    if (spec != null) {
      spec.setAdditionalProperties(Map.of());
      spec.setType(shared(spec.getType()));
      spec.setSessionAffinity(shared(spec.getSessionAffinity()));
      spec.setExternalTrafficPolicy(shared(spec.getExternalTrafficPolicy()));
      spec.setInternalTrafficPolicy(shared(spec.getInternalTrafficPolicy()));
      spec.setIpFamilyPolicy(shared(spec.getIpFamilyPolicy()));
      if (spec.getIpFamilies() != null) {
        spec.setIpFamilies(spec.getIpFamilies().stream().map(Compaction::shared).toList());
      }
      if (spec.getPorts() != null) {
        for (ServicePort port : spec.getPorts()) {
          port.setAdditionalProperties(Map.of());
          port.setName(shared(port.getName()));
          port.setProtocol(shared(port.getProtocol()));
          port.setAppProtocol(shared(port.getAppProtocol()));
        }
      }
    }
    if (service.getStatus() != null) {
      service.getStatus().setAdditionalProperties(Map.of());
      if (service.getStatus().getLoadBalancer() != null) {
        service.getStatus().getLoadBalancer().setAdditionalProperties(Map.of());
      }
    }
    return service;
  }

  /** An ExposedApp, compacted in place: its metadata and its status's conditions. */
  static ExposedApp app(ExposedApp app) {
    metadata(app.getMetadata());
    if (app.getStatus() != null && app.getStatus().conditions() != null) {
      for (Condition condition : app.getStatus().conditions()) {
        condition.setAdditionalProperties(Map.of());
        condition.setType(shared(condition.getType()));
        condition.setStatus(shared(condition.getStatus()));
        condition.setReason(shared(condition.getReason()));
      }
    }
    return app;
  }

  private static void metadata(ObjectMeta meta) {
    if (meta == null) {
      return;
    }
    meta.setAdditionalProperties(Map.of());
    meta.setNamespace(shared(meta.getNamespace()));
    // only the values that repeat: an app's name or a write's uid would fill the pool with values nothing shares
    if (meta.getLabels() != null) {
      meta.getLabels().replaceAll((key, value) -> REPEATED_VALUES.contains(key) ? shared(value) : value);
    }
    if (meta.getAnnotations() != null) {
      meta.getAnnotations().replaceAll((key, value) -> REPEATED_VALUES.contains(key) ? shared(value) : value);
    }
    if (meta.getOwnerReferences() != null) {
      for (OwnerReference owner : meta.getOwnerReferences()) {
        owner.setAdditionalProperties(Map.of());
        owner.setApiVersion(shared(owner.getApiVersion()));
        owner.setKind(shared(owner.getKind()));
      }
    }
    List<ManagedFieldsEntry> entries = meta.getManagedFields();
    if (entries != null) {
      for (ManagedFieldsEntry entry : entries) {
        entry.setAdditionalProperties(Map.of());
        entry.setManager(shared(entry.getManager()));
        entry.setOperation(shared(entry.getOperation()));
        entry.setApiVersion(shared(entry.getApiVersion()));
        entry.setFieldsType(shared(entry.getFieldsType()));
        entry.setSubresource(shared(entry.getSubresource()));
        FieldsV1 fields = entry.getFieldsV1();
        if (fields != null && fields.getAdditionalProperties() != null) {
          fields.setAdditionalProperties(sharedTree(fields.getAdditionalProperties()));
        }
      }
    }
  }

  /**
   * The tree with every subtree that other objects' trees have too shared with them: of a Service's tree only the
   * maps that name its owner's uid are its own. Bottom up: the children are shared first, then the map if an equal
   * one is known. The maps stay LinkedHashMaps in the server's order (JOSDK's server-side-apply matcher reads them
   * in order and never changes them); a shared map is forgotten when no cached object holds it any more.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> sharedTree(Map<String, Object> tree) {
    if (tree.isEmpty()) {
      return Map.of();
    }
    tree.replaceAll((key, value) -> value instanceof Map<?, ?> child
        ? sharedTree((Map<String, Object>) child) : value);
    synchronized (TREES) {
      WeakReference<Map<String, Object>> known = TREES.get(tree);
      Map<String, Object> shared = known == null ? null : known.get();
      if (shared != null) {
        return shared;
      }
      TREES.put(tree, new WeakReference<>(tree));
      return tree;
    }
  }

  /** One String for a value many objects repeat. */
  static String shared(String value) {
    if (value == null) {
      return null;
    }
    String pooled = POOL.get(value);
    if (pooled != null) {
      return pooled;
    }
    if (POOL.size() >= POOL_LIMIT) {
      return value;
    }
    pooled = POOL.putIfAbsent(value, value);
    return pooled == null ? value : pooled;
  }
}
