package io.exposedapp.apiserver.controllers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.exposedapp.apiserver.storage.ObjectStore;

/**
 * kube-controller-manager's garbage collector, with background propagation: when an object is deleted, the objects it
 * owns go shortly after (an object with another live owner only loses the dangling reference; one with finalizers is
 * marked for deletion); an object written with a reference to an owner already gone is collected too (a controller
 * may re-create a dependent just after its owner was deleted). It watches the store and works on its own thread.
 */
public final class GarbageCollector implements Consumer<ObjectStore.Change> {

  private final ObjectStore store;
  private final Executor background;
  private final Supplier<String> now;
  /** A full pass is queued: further deletions until it starts need no pass of their own. */
  private final AtomicBoolean passQueued = new AtomicBoolean();

  public GarbageCollector(ObjectStore store, Executor background, Supplier<String> now) {
    this.store = store;
    this.background = background;
    this.now = now;
  }

  /** One change of the store ({@link ObjectStore#addListener}). */
  @Override
  public void accept(ObjectStore.Change change) {
    if (change.after() == null) {
      if (passQueued.compareAndSet(false, true)) {
        background.execute(() -> {
          passQueued.set(false);
          collectGarbage();
        });
      }
    } else if (hasDanglingOwner(change.after())) {
      JsonNode md = change.after().path("metadata");
      String namespace = md.path("namespace").asText(null);
      String name = md.path("name").asText();
      background.execute(() -> {
        synchronized (store) {
          ObjectNode current = store.get(change.storeKey(), namespace, name);
          if (current != null) {
            collect(change.storeKey(), current);
          }
        }
      });
    }
  }

  private boolean hasDanglingOwner(ObjectNode object) {
    for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
      if (!store.exists(ref.path("uid").asText())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Deletes every object whose owners are all gone; an object that still has a live owner only loses the dangling
   * references. Repeats until nothing changes, so chains of owners cascade.
   */
  public void collectGarbage() {
    boolean changed = true;
    while (changed) {
      changed = false;
      synchronized (store) {
        for (var entry : store.everything()) {
          changed |= collect(entry.getKey(), entry.getValue());
        }
      }
    }
  }

  /** Collects one object if its owners are gone; answers whether the store changed. */
  private boolean collect(String storeKey, ObjectNode o) {
    JsonNode refs = o.path("metadata").path("ownerReferences");
    List<JsonNode> alive = new ArrayList<>();
    refs.forEach(r -> {
      if (store.exists(r.path("uid").asText())) {
        alive.add(r);
      }
    });
    if (alive.size() == refs.size()) {
      return false;
    }
    JsonNode md = o.path("metadata");
    if (!alive.isEmpty()) {
      ObjectNode trimmed = o.deepCopy();
      ArrayNode kept = ((ObjectNode) trimmed.get("metadata")).putArray("ownerReferences");
      alive.forEach(kept::add);
      store.put(storeKey, trimmed);
      return true;
    }
    if (md.path("finalizers").isEmpty()) {
      store.remove(storeKey, md.path("namespace").asText(null), md.path("name").asText());
      return true;
    }
    if (!md.has("deletionTimestamp")) {
      ObjectNode marked = o.deepCopy();
      ((ObjectNode) marked.get("metadata")).put("deletionTimestamp", now.get());
      store.put(storeKey, marked);
      return true;
    }
    return false;
  }

  /**
   * Orphan propagation: the owner's dependents lose their reference to it before it goes. (kube-apiserver puts the
   * {@code orphan} finalizer on the owner and the collector does this; here the delete handler asks for it at once.)
   */
  public void orphanDependents(String ownerUid) {
    for (var entry : store.everything()) {
      ObjectNode o = entry.getValue();
      JsonNode refs = o.path("metadata").path("ownerReferences");
      boolean owned = false;
      for (JsonNode r : refs) {
        owned |= r.path("uid").asText().equals(ownerUid);
      }
      if (owned) {
        ObjectNode trimmed = o.deepCopy();
        ArrayNode kept = ((ObjectNode) trimmed.get("metadata")).putArray("ownerReferences");
        refs.forEach(r -> {
          if (!r.path("uid").asText().equals(ownerUid)) {
            kept.add(r);
          }
        });
        store.put(entry.getKey(), trimmed);
      }
    }
  }
}
