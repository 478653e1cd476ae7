package io.exposedapp.apiserver.kubectl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.exposedapp.apiserver.api.ResourceType;

/**
 * OpenAPI v3 discovery ({@code /openapi/v3}) and per-group-version documents ({@code /openapi/v3/api/v1},
 * {@code /openapi/v3/apis/<g>/<v>}), shaped for the three kubectl 1.32 consumers:
 *
 * <ul>
 *   <li>{@code kubectl explain} (explain/v2 {@code plaintext.tmpl}): finds the kind through
 *       {@code paths["/apis/<g>/<v>[/namespaces/{namespace}]/<plural>[/{name}]"].<get|post|...>
 *       ["x-kubernetes-group-version-kind"]} (a single {group,version,kind} object), then the schema in
 *       {@code components.schemas} whose {@code x-kubernetes-group-version-kind} list contains that exact object.
 *   <li>Field-validation detection (cli-runtime {@code queryParamVerifierV3.HasSupport}): iterates all paths, takes the
 *       first PATCH operation whose {@code x-kubernetes-group-version-kind} equals the GVK and requires a parameter
 *       {@code {"name":"fieldValidation","in":"query"}}; so <em>every</em> PATCH operation of a kind carries it.
 *   <li>{@code kubectl apply} (client-side) patch type ({@code Patcher.gvkSupportsPatchOpenAPIV3}): builds a
 *       strategic merge patch from the v3 schema only if the PATCH operation's {@code requestBody.content} lists
 *       {@code application/strategic-merge-patch+json}. We never list it: our built-in schemas are minimal (no
 *       {@code x-kubernetes-patch-merge-key}), so kubectl must skip v3, try {@code /openapi/v2} (404 here, error
 *       ignored by the patcher) and fall back to {@code scheme.Scheme.New(gvk)} (compiled-in types, correct merge keys)
 *       for built-ins, and to a JSON merge patch for custom kinds (not in kubectl's scheme), exactly as for real CRDs.
 * </ul>
 */
public final class OpenApiV3 {

  static final String OBJECT_META_REF = "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
  private static final String OBJECT_META_NAME = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

  /** Patch media types the test server accepts; strategic merge deliberately absent (see class comment). */
  private static final List<String> PATCH_CONTENT_TYPES =
      List.of("application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml");

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private OpenApiV3() {
  }

  /** {@code "api/v1"} for the core group, {@code "apis/<group>/<version>"} otherwise (keys of the index). */
  public static String groupVersionPath(ResourceType t) {
    return t.group().isEmpty() ? "api/" + t.version() : "apis/" + t.group() + "/" + t.version();
  }

  /**
   * {@code GET /openapi/v3}: {@code {"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=..."}}}}. The
   * hash is the content hash of the document served there, so kubectl's disk cache (keyed by URL) is invalidated
   * exactly when the document changes.
   */
  public static JsonNode index(Collection<ResourceType> types) {
    Map<String, ObjectNode> paths = new TreeMap<>();
    for (ResourceType t : types) {
      String gvPath = groupVersionPath(t);
      if (!paths.containsKey(gvPath)) {
        JsonNode doc = document(gvPath, types).orElseThrow();
        ObjectNode entry = JSON.objectNode();
        entry.put("serverRelativeURL", "/openapi/v3/" + gvPath + "?hash=" + hash(doc));
        paths.put(gvPath, entry);
      }
    }
    ObjectNode index = JSON.objectNode();
    index.putObject("paths").setAll(paths);
    return index;
  }

  /**
   * {@code GET /openapi/v3/<groupVersionPath>} (the {@code ?hash=} query is only a cache key; serve the current
   * document whatever it says). Empty when no served kind has that group version.
   */
  public static Optional<JsonNode> document(String groupVersionPath, Collection<ResourceType> types) {
    List<ResourceType> kinds = types.stream()
        .filter(t -> groupVersionPath(t).equals(groupVersionPath))
        .sorted(Comparator.comparing(ResourceType::kind))
        .toList();
    if (kinds.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode doc = JSON.objectNode();
    doc.put("openapi", "3.0.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", "Kubernetes");
    info.put("version", "v1.32.0");
    ObjectNode paths = doc.putObject("paths");
    ObjectNode schemas = doc.putObject("components").putObject("schemas");
    for (ResourceType t : kinds) {
      addPaths(paths, t);
      schemas.set(schemaName(t), kindSchema(t));
    }
    schemas.set(OBJECT_META_NAME, objectMetaSchema());
    return Optional.of(doc);
  }

  /** Uppercase hex SHA-512 of the compact JSON (the real server also uses a SHA-512 content hash). */
  public static String hash(JsonNode document) {
    try {
      byte[] bytes = MAPPER.writeValueAsBytes(document);
      return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash OpenAPI document", e);
    }
  }

  /**
   * The real server's component names: {@code io.k8s.api.core.v1.Service}, {@code io.k8s.api.networking.v1.Ingress},
   * and for custom kinds the reversed group, e.g. {@code io.exposedapp.v1alpha1.ExposedApp} for group
   * {@code exposedapp.io}.
   */
  static String schemaName(ResourceType t) {
    if (t.isCustom()) {
      List<String> labels = new ArrayList<>(List.of(t.group().split("\\.")));
      Collections.reverse(labels);
      return String.join(".", labels) + "." + t.version() + "." + t.kind();
    }
    if (t.group().equals("apiextensions.k8s.io")) {
      return "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions." + t.version() + "." + t.kind();
    }
    String pkg = t.group().isEmpty() ? "core" : t.group().replace(".k8s.io", "").replace('.', '_');
    return "io.k8s.api." + pkg + "." + t.version() + "." + t.kind();
  }

  private static ObjectNode gvkObject(ResourceType t) {
    // Always all three keys, group "" included: explain matches operation and schema GVKs by deep equality.
    ObjectNode gvk = JSON.objectNode();
    gvk.put("group", t.group());
    gvk.put("version", t.version());
    gvk.put("kind", t.kind());
    return gvk;
  }

  private static void addPaths(ObjectNode paths, ResourceType t) {
    String prefix = (t.group().isEmpty() ? "/api/" : "/apis/" + t.group() + "/") + t.version()
        + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
    String ref = "#/components/schemas/" + schemaName(t);

    ObjectNode collection = paths.putObject(prefix);
    collection.set("get", operation(t, "list", ref, false));
    collection.set("post", operation(t, "post", ref, false));
    collection.set("delete", operation(t, "deletecollection", ref, false));

    ObjectNode item = paths.putObject(prefix + "/{name}");
    item.set("get", operation(t, "get", ref, false));
    item.set("put", operation(t, "put", ref, false));
    item.set("patch", operation(t, "patch", ref, true));
    item.set("delete", operation(t, "delete", ref, false));

    if (t.statusSubresource()) {
      ObjectNode status = paths.putObject(prefix + "/{name}/status");
      status.set("get", operation(t, "get", ref, false));
      status.set("put", operation(t, "put", ref, false));
      // Must carry fieldValidation too: HasSupport stops at the first PATCH of the GVK, in map order.
      status.set("patch", operation(t, "patch", ref, true));
    }
  }

  private static ObjectNode operation(ResourceType t, String action, String ref, boolean patch) {
    ObjectNode op = JSON.objectNode();
    op.put("operationId", action + t.kind());
    ArrayNode params = op.putArray("parameters");
    if (!action.equals("get") && !action.equals("list")) {
      params.add(queryParam("dryRun"));
      params.add(queryParam("fieldManager"));
      params.add(queryParam("fieldValidation"));
    }
    if (patch) {
      params.add(queryParam("force"));
      ObjectNode content = op.putObject("requestBody").putObject("content");
      PATCH_CONTENT_TYPES.forEach(ct -> content.putObject(ct).putObject("schema").put("type", "object"));
    } else if (action.equals("post") || action.equals("put")) {
      op.putObject("requestBody").putObject("content").putObject("application/json").putObject("schema").put("$ref", ref);
    }
    op.putObject("responses").putObject("200").put("description", "OK")
        .putObject("content").putObject("application/json").putObject("schema").put("$ref", ref);
    op.put("x-kubernetes-action", action);
    op.set("x-kubernetes-group-version-kind", gvkObject(t));
    return op;
  }

  private static ObjectNode queryParam(String name) {
    ObjectNode p = JSON.objectNode();
    p.put("name", name);
    p.put("in", "query");
    p.putObject("schema").put("type", name.equals("force") ? "boolean" : "string");
    return p;
  }

  /**
   * Custom kinds: the CRD's openAPIV3Schema with {@code apiVersion}, {@code kind} and {@code metadata} set the way the
   * real server publishes them ({@code metadata} as {@code allOf [$ref ObjectMeta]}); built-ins: a bare object.
   */
  private static ObjectNode kindSchema(ResourceType t) {
    ObjectNode schema;
    if (t.isCustom()) {
      schema = t.openApiSchema().deepCopy();
      if (!schema.has("type")) {
        schema.put("type", "object");
      }
      ObjectNode props = schema.has("properties") ? (ObjectNode) schema.get("properties") : schema.putObject("properties");
      props.putObject("apiVersion").put("type", "string").put("description",
          "APIVersion defines the versioned schema of this representation of an object. Servers should convert"
              + " recognized schemas to the latest internal value, and may reject unrecognized values.");
      props.putObject("kind").put("type", "string").put("description",
          "Kind is a string value representing the REST resource this object represents. In CamelCase.");
      ObjectNode metadata = JSON.objectNode();
      metadata.putArray("allOf").addObject().put("$ref", OBJECT_META_REF);
      metadata.put("description", "Standard object's metadata.");
      props.set("metadata", metadata);
    } else {
      schema = JSON.objectNode();
      schema.put("description", t.kind() + " (the API test server publishes no field schema for built-in kinds).");
      schema.put("type", "object");
    }
    schema.putArray("x-kubernetes-group-version-kind").add(gvkObject(t));
    return schema;
  }

  /** Just the ObjectMeta fields a user of kubectl explain / the test server touches. */
  private static ObjectNode objectMetaSchema() {
    ObjectNode s = JSON.objectNode();
    s.put("description", "ObjectMeta is metadata that all persisted resources must have, which includes all objects"
        + " users must create.");
    s.put("type", "object");
    ObjectNode p = s.putObject("properties");
    stringProp(p, "name", "Name must be unique within a namespace. Cannot be updated.");
    stringProp(p, "generateName", "Optional prefix used by the server to generate a unique name.");
    stringProp(p, "namespace", "Namespace defines the space within which each name must be unique.");
    stringProp(p, "uid", "UID is the unique in time and space value for this object. Read-only.");
    stringProp(p, "resourceVersion", "An opaque value that represents the internal version of this object.");
    p.putObject("generation").put("type", "integer").put("format", "int64")
        .put("description", "A sequence number representing a specific generation of the desired state.");
    stringProp(p, "creationTimestamp", "The server time when this object was created (RFC3339, UTC). Read-only.")
        .put("format", "date-time");
    stringProp(p, "deletionTimestamp", "RFC 3339 date and time at which this resource will be deleted.")
        .put("format", "date-time");
    stringMap(p, "labels", "Map of string keys and values that can be used to organize and categorize objects.");
    stringMap(p, "annotations", "Unstructured key value map stored with a resource.");
    ObjectNode finalizers = p.putObject("finalizers");
    finalizers.put("type", "array").put("description", "Must be empty before the object is deleted from the registry.");
    finalizers.putObject("items").put("type", "string");
    ObjectNode owners = p.putObject("ownerReferences");
    owners.put("type", "array").put("description", "List of objects depended by this object.");
    owners.putObject("items").put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
    ObjectNode managed = p.putObject("managedFields");
    managed.put("type", "array").put("description", "Field ownership recorded by server-side apply.");
    managed.putObject("items").put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
    return s;
  }

  private static ObjectNode stringProp(ObjectNode props, String name, String description) {
    return props.putObject(name).put("type", "string").put("description", description);
  }

  private static void stringMap(ObjectNode props, String name, String description) {
    ObjectNode m = props.putObject(name).put("type", "object").put("description", description);
    m.putObject("additionalProperties").put("type", "string");
  }
}
