package io.exposedapp.apiserver.controllers;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import io.exposedapp.apiserver.storage.ObjectStore;

/**
 * kube-controller-manager's namespace controller: once a Namespace is gone, everything in it goes (the garbage
 * collector then takes what those objects owned elsewhere). It watches the store and works on its own thread.
 */
public final class NamespaceController implements Consumer<ObjectStore.Change> {

  static final String NAMESPACES = "namespaces";

  private final ObjectStore store;
  private final Executor background;

  public NamespaceController(ObjectStore store, Executor background) {
    this.store = store;
    this.background = background;
  }

  /** One change of the store ({@link ObjectStore#addListener}). */
  @Override
  public void accept(ObjectStore.Change change) {
    if (change.after() == null && change.storeKey().equals(NAMESPACES)) {
      String namespace = change.before().path("metadata").path("name").asText();
      background.execute(() -> deleteContents(namespace));
    }
  }

  private void deleteContents(String namespace) {
    synchronized (store) {
      for (var entry : store.everything()) {
        JsonNode md = entry.getValue().path("metadata");
        if (namespace.equals(md.path("namespace").asText(null))) {
          store.remove(entry.getKey(), namespace, md.path("name").asText());
        }
      }
    }
  }
}
