package io.exposedapp.apiserver.handlers;

import static io.exposedapp.apiserver.handlers.RequestBodies.checkKind;
import static io.exposedapp.apiserver.handlers.RequestBodies.isDryRun;
import static io.exposedapp.apiserver.handlers.RequestBodies.metadata;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.exposedapp.apiserver.admission.AdmissionChain;
import io.exposedapp.apiserver.api.ApiException;
import io.exposedapp.apiserver.api.ApiRequest;
import io.exposedapp.apiserver.api.ResourceType;
import io.exposedapp.apiserver.api.Timestamps;
import io.exposedapp.apiserver.controllers.GarbageCollector;
import io.exposedapp.apiserver.merge.ListSchema;
import io.exposedapp.apiserver.merge.ServerSideApply;
import io.exposedapp.apiserver.storage.ObjectStore;

/**
 * kube-apiserver's generic registry store: what every create, update and delete goes through between the verb
 * handler and storage. System metadata (uid, timestamps, generation, resourceVersion), the status subresource kept
 * apart from the rest, admission, dry runs, no write when nothing changed, finalizers. Callers hold the store's
 * monitor for the whole read-decide-write.
 */
public final class GenericRegistry {

  private final ObjectStore store;
  private final AdmissionChain admission;
  private final GarbageCollector garbageCollector;
  private final Clock clock;

  public GenericRegistry(ObjectStore store, AdmissionChain admission, GarbageCollector garbageCollector,
      Clock clock) {
    this.store = store;
    this.admission = admission;
    this.garbageCollector = garbageCollector;
    this.clock = clock;
  }

  ObjectStore store() {
    return store;
  }

  /** Identity, defaults and system metadata of an object about to be created. */
  ObjectNode prepareNew(ApiRequest req, ResourceType type, ObjectNode body) {
    ObjectNode object = body.deepCopy();
    checkKind(type, object);
    object.put("apiVersion", type.apiVersion());
    object.put("kind", type.kind());
    ObjectNode md = metadata(object);
    if (!md.hasNonNull("name") && md.hasNonNull("generateName")) {
      md.put("name", md.get("generateName").asText() + UUID.randomUUID().toString().substring(0, 5));
    }
    if (!md.hasNonNull("name") || md.get("name").asText().isEmpty()) {
      throw ApiException.invalid(type, "", List.of(new ApiException.Cause("FieldValueRequired",
          "Required value: name or generateName is required", "metadata.name")));
    }
    if (req.name() != null && !req.name().equals(md.get("name").asText())) {
      throw ApiException.badRequest("the name of the object (" + md.get("name").asText()
          + ") does not match the name on the URL (" + req.name() + ")");
    }
    if (type.namespaced()) {
      String ns = req.namespace();
      if (ns == null) {
        throw ApiException.badRequest("the namespace of the object must be given in the request path");
      }
      if (md.hasNonNull("namespace") && !md.get("namespace").asText().equals(ns)) {
        throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on "
            + "the request");
      }
      md.put("namespace", ns);
    } else {
      md.remove("namespace");
    }
    md.put("uid", UUID.randomUUID().toString());
    md.put("creationTimestamp", now());
    md.put("generation", 1);
    md.remove("resourceVersion");
    md.remove("deletionTimestamp");
    if (type.statusSubresource()) {
      object.remove("status");
    }
    return object;
  }

  /** Stores a prepared new object once admitted; answers what was stored (or would be, on a dry run). */
  ObjectNode create(ApiRequest req, ResourceType type, ObjectNode object) {
    String name = object.path("metadata").path("name").asText();
    if (store.get(type.storeKey(), req.namespace(), name) != null) {
      throw ApiException.alreadyExists(type, name);
    }
    admission.admit(type, null, object);
    if (isDryRun(req)) {
      return object;
    }
    return store.put(type.storeKey(), object);
  }

  /**
   * Everything a write to an existing object goes through: system metadata kept, status or spec kept depending on
   * the subresource, admission, generation, ownership of changed fields, and no write at all when nothing changed.
   *
   * @param manager the field manager for a non-apply write, or null when managedFields are already final (apply)
   */
  ObjectNode update(ApiRequest req, ResourceType type, ObjectNode live, ObjectNode candidate, String manager) {
    ObjectNode next = candidate.deepCopy();
    next.put("apiVersion", type.apiVersion());
    next.put("kind", type.kind());
    ObjectNode md = metadata(next);
    JsonNode liveMd = live.get("metadata");
    for (String field : List.of("name", "namespace", "uid", "creationTimestamp", "generation",
        "deletionTimestamp", "deletionGracePeriodSeconds")) {
      if (liveMd.has(field)) {
        md.set(field, liveMd.get(field));
      } else {
        md.remove(field);
      }
    }
    if ("status".equals(req.subresource())) {
      // a status write changes the status only (and who owns it)
      ObjectNode onlyStatus = live.deepCopy();
      if (next.has("status")) {
        onlyStatus.set("status", next.get("status"));
      } else {
        onlyStatus.remove("status");
      }
      metadata(onlyStatus).set("managedFields", md.path("managedFields"));
      next = onlyStatus;
      md = metadata(next);
    } else if (type.statusSubresource()) {
      if (live.has("status")) {
        next.set("status", live.get("status"));
      } else {
        next.remove("status");
      }
    }
    admission.admit(type, live, next);
    if (manager != null) {
      next = ServerSideApply.recordUpdate(live, next, manager, "Update", type.apiVersion(), now(),
          req.subresource() == null ? "" : req.subresource(), schema(type));
      md = metadata(next);
    }
    if (specChanged(live, next)) {
      md.put("generation", liveMd.path("generation").asLong(1) + 1);
    }
    md.put("resourceVersion", liveMd.path("resourceVersion").asText());
    if (next.equals(live)) {
      return live;
    }
    if (isDryRun(req)) {
      return next;
    }
    if (md.has("deletionTimestamp") && md.path("finalizers").isEmpty()) {
      // the last finalizer is gone: the deletion completes
      return remove(type, next);
    }
    return store.put(type.storeKey(), next);
  }

  /** Deletes one object: marks it while it has finalizers, else removes it (orphaning its dependents if asked). */
  ObjectNode delete(ApiRequest req, ResourceType type, ObjectNode live, String propagation) {
    if (isDryRun(req)) {
      return live;
    }
    if (!live.path("metadata").path("finalizers").isEmpty()) {
      if (live.path("metadata").has("deletionTimestamp")) {
        return live;
      }
      ObjectNode marked = live.deepCopy();
      metadata(marked).put("deletionTimestamp", now());
      metadata(marked).put("deletionGracePeriodSeconds", 0);
      return store.put(type.storeKey(), marked);
    }
    if ("Orphan".equals(propagation)) {
      garbageCollector.orphanDependents(live.path("metadata").path("uid").asText());
    }
    return remove(type, live);
  }

  private ObjectNode remove(ResourceType type, ObjectNode object) {
    JsonNode md = object.path("metadata");
    return store.remove(type.storeKey(), md.path("namespace").asText(null), md.path("name").asText());
  }

  ObjectNode requireLive(ApiRequest req, ResourceType type) {
    ObjectNode live = store.get(type.storeKey(), req.namespace(), req.name());
    if (live == null) {
      throw ApiException.notFound(type, req.name());
    }
    return live;
  }

  /** How the kind's lists merge: from the CRD's schema, or the built-in table. */
  static ListSchema schema(ResourceType type) {
    return type.isCustom() ? ListSchema.fromOpenApi(type.openApiSchema()) : ListSchema.builtin(type.group(),
        type.kind());
  }

  String now() {
    return Timestamps.now(clock);
  }

  private static boolean specChanged(ObjectNode before, ObjectNode after) {
    ObjectNode a = before.deepCopy();
    ObjectNode b = after.deepCopy();
    for (ObjectNode o : List.of(a, b)) {
      o.remove("metadata");
      o.remove("status");
    }
    return !a.equals(b);
  }
}
