package io.exposedapp.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer store that drops the {@code metadata.managedFields} entries of other field managers before caching an
 * object. managedFields are parsed into nested maps and were about half of the operator's heap with 2,768 apps
 * (docs/BENCHMARKS.md); the operator reads only its own entry, which JOSDK's server-side-apply matcher needs to tell
 * whether a dependent is up to date. The objects on the API server keep all their entries.
 */
public class ManagedFieldsTrimmingStore<R extends HasMetadata> extends BasicItemStore<R> {

  private final Set<String> keptManagers;

  /**
   * @param keptManagers field managers whose entries are kept; empty keeps none (for objects the operator never
   *        applies)
   */
  public ManagedFieldsTrimmingStore(Set<String> keptManagers) {
    super(Cache::metaNamespaceKeyFunc);
    this.keptManagers = Set.copyOf(keptManagers);
  }

  @Override
  public R put(String key, R object) {
    trim(object);
    return super.put(key, object);
  }

  private void trim(R object) {
    List<ManagedFieldsEntry> entries = object.getMetadata().getManagedFields();
    if (entries == null || entries.isEmpty()) {
      return;
    }
    List<ManagedFieldsEntry> kept = entries.stream().filter(e -> keptManagers.contains(e.getManager())).toList();
    if (kept.size() < entries.size()) {
      // never null: JOSDK's server-side-apply matcher streams the list, and an object nobody applied as this operator
      // yet (a Service being adopted) has no entry of ours
      object.getMetadata().setManagedFields(new ArrayList<>(kept));
    }
  }
}
