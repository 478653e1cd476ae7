package io.exposedapp.apiserver.merge;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Server-side apply and field ownership, after kubernetes-sigs/structured-merge-diff (the library
 * kube-apiserver uses), writing {@code metadata.managedFields} in the real FieldsV1 format.
 *
 * <p>Apply: the applied configuration is merged into the live object (maps per key, lists per
 * {@link ListSchema.ListType}); fields the same manager applied last time but no longer mentions
 * are removed unless another manager owns them; fields other managers own and the apply changes
 * are conflicts unless forced, in which case ownership moves. Non-apply writes go through {@link
 * #recordUpdate}, which gives the changed fields to the writer's Update entry.
 *
 * <p>Simpler than the real server:
 *
 * <ul>
 *   <li>No type information beyond {@link ListSchema}: no defaulting except map-list key defaults
 *       (e.g. {@code protocol: TCP}), no validation of the applied object against a schema, no
 *       unions/discriminators, no conversion between versions (the entry's apiVersion is recorded
 *       but sets are never converted).
 *   <li>Struct fields and map keys are not told apart: every object is a granular map unless
 *       declared atomic ({@code x-kubernetes-map-type: atomic} / the built-in table). The only
 *       visible effect is for objects nested inside maps (the real server also owns the map key).
 *   <li>{@code null} values in an applied configuration are ignored (the real server owns and
 *       clears them).
 *   <li>When the applier gives up a field, a parent nobody owns any more is removed with
 *       everything below it (like EnsureNamedFieldsAreMembers), including fields nobody owned
 *       (only possible for objects written before managedFields existed).
 *   <li>Entry times change whenever the object or the field sets change; the real server only
 *       bumps them on object changes. Managed-fields entries of other formats are dropped.
 * </ul>
 */
public final class ServerSideApply {
  static final String APPLY = "Apply";
  // Never owned: identity and server-managed fields (the real server's stripped set).
  private static final List<String> STRIPPED_METADATA =
      List.of(
          "f:name", "f:namespace", "f:uid", "f:resourceVersion", "f:generation",
          "f:creationTimestamp", "f:managedFields", "f:selfLink", "f:clusterName");
  // Server-managed metadata an applied configuration cannot set.
  private static final List<String> SERVER_METADATA =
      List.of("uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink",
          "deletionTimestamp", "deletionGracePeriodSeconds");

  private ServerSideApply() {}

  /**
   * One apply request.
   *
   * @param subresource {@code ""} for the main resource, {@code "status"} for the status subresource
   * @param statusSubresourceEnabled whether the kind has a status subresource (then the main
   *     resource ignores {@code status} and the status subresource changes only {@code status})
   * @param apiVersion recorded in the entry, e.g. {@code v1}
   * @param timestamp RFC 3339, e.g. {@code 2026-11-25T00:00:00Z}
   */
  public record ApplyRequest(
      String manager,
      boolean force,
      String subresource,
      boolean statusSubresourceEnabled,
      String apiVersion,
      String timestamp,
      ListSchema schema) {
    public ApplyRequest {
      subresource = subresource == null ? "" : subresource;
    }
  }

  /**
   * @param object the object to store (or, when unchanged, the live object as it was)
   * @param changed false for a no-op apply: nothing to store, resourceVersion stays
   */
  public record Result(ObjectNode object, boolean changed) {}

  /**
   * Applies {@code applied} as {@code req.manager()}.
   *
   * @param live the stored object, {@code null} when it does not exist yet (then the result is the
   *     object to create, without server-set metadata such as uid)
   * @throws ApplyConflictException when not forced and other managers own changed fields
   * @throws PatchException when the applied configuration is malformed (missing/duplicate list keys)
   */
  public static Result apply(ObjectNode live, ObjectNode applied, ApplyRequest req) {
    ListSchema schema = req.schema();
    boolean statusApply = "status".equals(req.subresource());
    if (statusApply && live == null) {
      throw new IllegalArgumentException("status apply needs an existing object");
    }
    ObjectNode config = configFor(applied, req);
    ObjectFields.validateApplied(config, List.of(), schema);

    ObjectNode liveContent = live == null ? JsonNodeFactory.instance.objectNode() : withoutManagedFields(live);
    List<ManagedFieldsEntry> before = ManagedFieldsEntry.read(live);
    List<ManagedFieldsEntry> entries = new ArrayList<>();
    before.forEach(e -> entries.add(e.copy()));
    ManagedFieldsEntry mine = find(entries, req.manager(), APPLY, req.subresource(), req.apiVersion());
    FieldSet lastSet = mine == null ? new FieldSet() : mine.fields;
    FieldSet newSet = strip(ObjectFields.ofApplied(config, schema));
    if (mine == null) {
      mine = new ManagedFieldsEntry(req.manager(), APPLY, req.apiVersion(), req.timestamp(), req.subresource(), newSet);
      entries.add(mine);
    }
    mine.fields = newSet;
    mine.apiVersion = req.apiVersion();

    ObjectNode defaulted = config.deepCopy();
    ObjectFields.fillKeyDefaults(defaulted, List.of(), schema);
    ObjectNode merged = (ObjectNode) ApplyMerge.merge(liveContent, defaulted, List.of(), schema);

    // Fields applied last time and now owned by nobody (the applier included) are removed.
    FieldSet owned = new FieldSet();
    for (ManagedFieldsEntry e : entries) {
      owned = owned.union(e.fields);
    }
    FieldSet remove = lastSet.withParentsAsMembers().difference(owned.withParentsAsMembers());
    FieldSet metadata = remove.children.get("f:metadata");
    if (metadata != null) {
      metadata.member = false; // the object keeps its metadata even if no one owns a field of it
    }
    ApplyMerge.removeItems(merged, remove, List.of(), schema);

    ObjectFields.Comparison cmp = stripped(ObjectFields.compare(liveContent, merged, schema));
    FieldSet changed = cmp.addedOrModified();
    List<ApplyConflictException.Conflict> conflicts = new ArrayList<>();
    for (ManagedFieldsEntry e : entries) {
      if (e == mine) {
        continue;
      }
      FieldSet conflict = e.fields.intersection(changed);
      for (List<String> path : conflict.memberPaths()) {
        conflicts.add(new ApplyConflictException.Conflict(e.manager, e.apiVersion, PathElements.describe(path)));
      }
      e.fields = e.fields.difference(conflict).difference(cmp.removed());
    }
    if (!req.force() && !conflicts.isEmpty()) {
      throw new ApplyConflictException(conflicts);
    }
    entries.removeIf(e -> e.fields.isEmpty());

    if (live != null && merged.equals(liveContent) && sameEntries(before, entries)) {
      return new Result(live, false);
    }
    mine.time = req.timestamp();
    writeManagedFields(merged, entries);
    return new Result(merged, true);
  }

  /**
   * Records a non-apply write (create, update, patch) by {@code manager}: the fields it added or
   * changed become its own (in its {@code operation} entry) and are taken from every other entry;
   * removed fields are dropped from all entries. Returns a copy of {@code after} carrying the new
   * managedFields; when nothing changed, {@code before}'s managedFields are kept as they were.
   *
   * @param before the stored object, {@code null} on create
   * @param operation {@code "Update"} for create/update/patch
   * @param subresource {@code ""} or {@code "status"}
   */
  public static ObjectNode recordUpdate(
      ObjectNode before,
      ObjectNode after,
      String manager,
      String operation,
      String apiVersion,
      String timestamp,
      String subresource,
      ListSchema schema) {
    ObjectNode beforeContent = before == null ? JsonNodeFactory.instance.objectNode() : withoutManagedFields(before);
    ObjectNode result = withoutManagedFields(after);
    List<ManagedFieldsEntry> entries = ManagedFieldsEntry.read(before);
    ObjectFields.Comparison cmp = stripped(ObjectFields.compare(beforeContent, result, schema));
    if (!cmp.isEmpty()) {
      FieldSet changed = cmp.addedOrModified();
      ManagedFieldsEntry mine = find(entries, manager, operation, subresource, apiVersion);
      if (mine == null) {
        mine = new ManagedFieldsEntry(manager, operation, apiVersion, timestamp, subresource, new FieldSet());
        entries.add(mine);
      }
      for (ManagedFieldsEntry e : entries) {
        e.fields = e == mine
            ? e.fields.difference(cmp.removed()).union(changed)
            : e.fields.difference(changed).difference(cmp.removed());
      }
      mine.time = timestamp;
      entries.removeIf(e -> e.fields.isEmpty());
    }
    if (!entries.isEmpty() || before != null && before.path("metadata").has("managedFields")) {
      writeManagedFields(result, entries);
    }
    return result;
  }

  /** The part of the applied object this request may set. */
  private static ObjectNode configFor(ObjectNode applied, ApplyRequest req) {
    ObjectNode config = withoutNulls(applied);
    JsonNode meta = config.get("metadata");
    if (meta instanceof ObjectNode m) {
      SERVER_METADATA.forEach(m::remove);
    }
    if ("status".equals(req.subresource())) {
      // Everything but status is reset by the status subresource; keep identity for readability.
      ObjectNode only = JsonNodeFactory.instance.objectNode();
      for (String f : List.of("apiVersion", "kind")) {
        if (config.has(f)) {
          only.set(f, config.get(f));
        }
      }
      if (meta != null) {
        ObjectNode m = only.putObject("metadata");
        for (String f : List.of("name", "namespace")) {
          if (meta.has(f)) {
            m.set(f, meta.get(f));
          }
        }
      }
      if (config.has("status")) {
        only.set("status", config.get("status"));
      }
      return only;
    }
    if (req.statusSubresourceEnabled()) {
      config.remove("status");
    }
    return config;
  }

  private static ObjectNode withoutNulls(ObjectNode o) {
    ObjectNode copy = o.deepCopy();
    removeNulls(copy);
    return copy;
  }

  private static void removeNulls(JsonNode v) {
    if (v.isObject()) {
      ((ObjectNode) v).properties().removeIf(e -> e.getValue().isNull());
      v.forEach(ServerSideApply::removeNulls);
    } else if (v.isArray()) {
      v.forEach(ServerSideApply::removeNulls);
    }
  }

  private static FieldSet strip(FieldSet s) {
    s.children.remove("f:apiVersion");
    s.children.remove("f:kind");
    s.removeChildren("f:metadata", STRIPPED_METADATA);
    return ObjectFields.prune(s);
  }

  private static ObjectFields.Comparison stripped(ObjectFields.Comparison c) {
    return new ObjectFields.Comparison(strip(c.added()), strip(c.modified()), strip(c.removed()));
  }

  private static ManagedFieldsEntry find(
      List<ManagedFieldsEntry> entries, String manager, String operation, String subresource, String apiVersion) {
    return entries.stream()
        .filter(e -> e.identifies(manager, operation, subresource, apiVersion))
        .findFirst()
        .orElse(null);
  }

  private static boolean sameEntries(List<ManagedFieldsEntry> a, List<ManagedFieldsEntry> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (ManagedFieldsEntry x : a) {
      if (b.stream().noneMatch(x::sameAs)) {
        return false;
      }
    }
    return true;
  }

  private static ObjectNode withoutManagedFields(ObjectNode o) {
    ObjectNode copy = o.deepCopy();
    if (copy.get("metadata") instanceof ObjectNode m) {
      m.remove("managedFields");
    }
    return copy;
  }

  private static void writeManagedFields(ObjectNode object, List<ManagedFieldsEntry> entries) {
    JsonNode meta = object.get("metadata");
    ObjectNode m = meta instanceof ObjectNode mm ? mm : object.putObject("metadata");
    if (entries.isEmpty()) {
      m.remove("managedFields");
    } else {
      m.set("managedFields", ManagedFieldsEntry.write(entries));
    }
  }
}
