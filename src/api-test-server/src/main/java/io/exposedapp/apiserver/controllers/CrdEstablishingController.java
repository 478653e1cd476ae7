package io.exposedapp.apiserver.controllers;

import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.exposedapp.apiserver.storage.ObjectStore;
import io.exposedapp.apiserver.storage.ResourceTypes;

/**
 * The apiextensions controllers of kube-apiserver: a stored CustomResourceDefinition is served ({@link ResourceTypes})
 * and its status says so ({@code NamesAccepted}, {@code Established}, {@code acceptedNames}, {@code storedVersions});
 * a deleted one stops being served and its objects go. It watches the store and acts at once, on the writer's thread,
 * so that a custom resource can be created right after its CRD (the real server takes a moment; clients wait for
 * {@code Established}, which is True by then).
 */
public final class CrdEstablishingController implements Consumer<ObjectStore.Change> {

  static final String CRDS = "customresourcedefinitions.apiextensions.k8s.io";

  private final ObjectStore store;
  private final ResourceTypes types;

  public CrdEstablishingController(ObjectStore store, ResourceTypes types) {
    this.store = store;
    this.types = types;
  }

  /** One change of the store ({@link ObjectStore#addListener}). */
  @Override
  public void accept(ObjectStore.Change change) {
    if (!change.storeKey().equals(CRDS)) {
      return;
    }
    if (change.after() == null) {
      types.unregister(change.before());
      JsonNode spec = change.before().path("spec");
      store.removeKind(spec.path("names").path("plural").asText() + "." + spec.path("group").asText());
      return;
    }
    types.register(change.after());
    ObjectNode established = change.after().deepCopy();
    established.set("status", status(change.after()));
    if (!established.equals(change.after())) {
      store.put(CRDS, established);
    }
  }

  private static ObjectNode status(JsonNode crd) {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.set("acceptedNames", crd.path("spec").path("names").deepCopy());
    ArrayNode conditions = status.putArray("conditions");
    for (String condition : List.of("NamesAccepted", "Established")) {
      ObjectNode c = conditions.addObject();
      c.put("type", condition);
      c.put("status", "True");
      c.put("reason", condition.equals("Established") ? "InitialNamesAccepted" : "NoConflicts");
      c.put("message", condition.equals("Established") ? "the initial names have been accepted"
          : "no conflicts found");
      c.put("lastTransitionTime", crd.path("metadata").path("creationTimestamp").asText());
    }
    ArrayNode stored = status.putArray("storedVersions");
    crd.path("spec").path("versions").forEach(v -> {
      if (v.path("storage").asBoolean()) {
        stored.add(v.path("name").asText());
      }
    });
    return status;
  }
}
