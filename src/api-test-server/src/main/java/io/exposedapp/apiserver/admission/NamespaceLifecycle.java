package io.exposedapp.apiserver.admission;

import io.exposedapp.apiserver.api.ApiException;
import io.exposedapp.apiserver.storage.ObjectStore;
import io.exposedapp.apiserver.storage.ResourceTypes;

/**
 * kube-apiserver's NamespaceLifecycle admission: an object is created only in a namespace that exists (404 otherwise,
 * naming the namespace, as the real server answers). With the Namespace registry's strategy: a Namespace is stored
 * with {@code status.phase: Active}.
 */
public final class NamespaceLifecycle implements AdmissionPlugin {

  private final ObjectStore store;
  private final ResourceTypes types;

  public NamespaceLifecycle(ObjectStore store, ResourceTypes types) {
    this.store = store;
    this.types = types;
  }

  /** First of all plugins, so that nothing is allocated for an object that cannot be created. */
  @Override
  public void mutate(Attributes attributes) {
    if (attributes.isCreate() && attributes.type().namespaced()) {
      var namespaces = types.find("", "v1", "namespaces").orElseThrow();
      if (store.get(namespaces.storeKey(), null, attributes.namespace()) == null) {
        throw ApiException.notFound(namespaces, attributes.namespace());
      }
    }
    if (attributes.is("", "namespaces") && !attributes.object().has("status")) {
      attributes.object().putObject("status").put("phase", "Active");
    }
  }
}
