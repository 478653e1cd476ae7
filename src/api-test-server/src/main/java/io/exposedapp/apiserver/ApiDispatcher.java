package io.exposedapp.apiserver;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.exposedapp.apiserver.merge.ApplyConflictException;
import io.exposedapp.apiserver.merge.ListSchema;
import io.exposedapp.apiserver.merge.MergePatch;
import io.exposedapp.apiserver.merge.PatchException;
import io.exposedapp.apiserver.merge.ServerSideApply;
import io.exposedapp.apiserver.merge.StrategicMergePatch;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;

/**
 * The API server's request handling, plugged into fabric8's mock web server as its {@link Dispatcher}: REST verbs on
 * an in-memory {@link ObjectStore}, with the real server's semantics where the operator depends on them.
 *
 * <p>Requests are dispatched on the web server's event-loop threads, so nothing here blocks: every store operation is
 * short and in memory, delays use timers, and garbage collection runs on its own thread.
 */
final class ApiDispatcher extends Dispatcher {

  private static final Logger log = LoggerFactory.getLogger(ApiDispatcher.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final java.util.Queue<ApiTestServer.Request> requestLog = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final ObjectStore store;
  private final ResourceTypes types;
  private final ServiceRules services;
  private final Faults faults;
  private final Clock clock;
  private final KubectlSupport kubectl;
  private final ServiceAccountTokens tokens;
  /** Test-only: false stores custom resources as sent, as a server whose CRD schema was laxer when they were written. */
  private volatile boolean validateCustomResources = true;
  private final Rbac rbac;
  private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "api-test-server-background");
    t.setDaemon(true);
    return t;
  });

  ApiDispatcher(ObjectStore store, ResourceTypes types, ServiceRules services, Faults faults, Clock clock) {
    this.store = store;
    this.types = types;
    this.services = services;
    this.faults = faults;
    this.clock = clock;
    this.kubectl = new KubectlSupport(types, clock);
    this.tokens = new ServiceAccountTokens(store, clock);
    this.rbac = new Rbac(store);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String method = request.getMethod();
    String uri = request.getPath();
    Optional<Faults.Rule> fault = faults.match(method, uri);
    MockResponse response;
    if (fault.isPresent() && fault.get().failure()) {
      Faults.Rule rule = fault.get();
      response = json(rule.status(), ApiException.status(rule.status(), reasonFor(rule.status()), rule.message(),
          null, null, List.of()));
    } else {
      response = handle(request, method, uri);
    }
    if (fault.isPresent() && fault.get().delay() != null) {
      response.setBodyDelay(fault.get().delay());
    }
    requestLog.add(new ApiTestServer.Request(method, uri, String.valueOf(request.getHeader("User-Agent")),
        response.code()));
    return response;
  }

  void validateCustomResources(boolean validate) {
    validateCustomResources = validate;
  }

  /** Every request served so far, in the order they were answered. */
  List<ApiTestServer.Request> requests() {
    return List.copyOf(requestLog);
  }

  /** Serves a create made by the server itself (the objects every cluster starts with). */
  void bootstrap(String path, String json) {
    MockResponse response = dispatch(new RecordedRequest("HTTP/1.1", io.fabric8.mockwebserver.dsl.HttpMethod.POST,
        path, io.fabric8.mockwebserver.http.Headers.builder().add("User-Agent", "kube-apiserver").build(),
        new io.fabric8.mockwebserver.http.Buffer().writeUtf8(json)));
    if (response.code() != 201) {
      throw new IllegalStateException("bootstrap of " + path + " failed: " + response.getBody().readUtf8());
    }
  }

  @Override
  public void shutdown() {
    background.shutdownNow();
    store.closeAllWatches();
  }

  private MockResponse handle(RecordedRequest request, String method, String uri) {
    try {
      Rbac.User user = tokens.authenticate(request.getHeader("Authorization"))
          .orElseThrow(ServiceAccountTokens::unauthorized);
      Optional<ApiRequest> parsed = ApiRequest.parse(uri);
      Rbac.Attributes attributes = Rbac.Attributes.of(method, uri, parsed);
      if (!rbac.allows(user, attributes)) {
        throw Rbac.forbidden(user, attributes);
      }
      Optional<MockResponse> meta = kubectl.handle(request);
      if (meta.isPresent()) {
        return meta.get();
      }
      if (parsed.isEmpty()) {
        return notFoundPath();
      }
      ApiRequest req = parsed.get();
      Optional<ResourceType> type = types.find(req.group(), req.version(), req.plural());
      if (type.isEmpty() || (req.subresource() != null && !isKnownSubresource(type.get(), req.subresource()))) {
        return notFoundPath();
      }
      if (method.equals("POST") && "token".equals(req.subresource())) {
        return created(tokens.issue(type.get(), req.namespace(), req.name(), body(request)));
      }
      return switch (method) {
        case "GET" -> get(request, req, type.get());
        case "POST" -> created(create(request, req, type.get(), user));
        case "PUT" -> ok(update(request, req, type.get()));
        case "PATCH" -> patch(request, req, type.get(), user, attributes);
        case "DELETE" -> delete(request, req, type.get());
        default -> json(405, ApiException.status(405, "MethodNotAllowed", "method not allowed", null, null,
            List.of()));
      };
    } catch (ApiException e) {
      return json(e.code(), e.toStatus());
    } catch (PatchException | JsonPatchException e) {
      return json(422, ApiException.status(422, "Invalid", e.getMessage(), null, null, List.of()));
    } catch (RuntimeException e) {
      log.warn("API test server failed on {} {}", method, uri, e);
      return json(500, ApiException.status(500, "InternalError", "Internal error occurred: " + e, null, null,
          List.of()));
    }
  }

  private static boolean isKnownSubresource(ResourceType type, String subresource) {
    return subresource.equals("status") && type.statusSubresource()
        || subresource.equals("finalize") && type.plural().equals("namespaces")
        || subresource.equals("token") && type.group().isEmpty() && type.plural().equals("serviceaccounts");
  }

  // ---- reads --------------------------------------------------------------------------------------------------

  private MockResponse get(RecordedRequest request, ApiRequest req, ResourceType type) {
    if (req.name() != null) {
      ObjectNode o = store.get(type.storeKey(), req.namespace(), req.name());
      if (o == null) {
        throw ApiException.notFound(type, req.name());
      }
      return kubectl.wantsTable(request) ? ok(kubectl.table(type, List.of(o), null, req)) : ok(o);
    }
    Predicate<JsonNode> filter = selectors(req);
    if (req.isWatch()) {
      Function<ObjectNode, JsonNode> render = kubectl.wantsTable(request)
          ? kubectl.tableWatchRenderer(type, req)
          : o -> o;
      return watch(request, req, new ObjectStore.WatchSpec(type.storeKey(), req.namespace(), filter, render));
    }
    return list(request, req, type, filter);
  }

  private MockResponse list(RecordedRequest request, ApiRequest req, ResourceType type, Predicate<JsonNode> filter) {
    List<ObjectNode> items;
    long rv;
    synchronized (store) {
      items = store.list(type.storeKey(), req.namespace()).stream().filter(filter).toList();
      rv = store.resourceVersion();
    }
    String cont = req.param("continue");
    if (cont != null && !cont.isEmpty()) {
      String after = new String(Base64.getUrlDecoder().decode(cont));
      items = items.stream().filter(o -> listKey(o).compareTo(after) > 0).toList();
    }
    String next = null;
    int limit = req.param("limit") == null ? 0 : Integer.parseInt(req.param("limit"));
    if (limit > 0 && items.size() > limit) {
      items = items.subList(0, limit);
      next = Base64.getUrlEncoder().encodeToString(listKey(items.get(limit - 1)).getBytes());
    }
    if (kubectl.wantsTable(request)) {
      ObjectNode table = (ObjectNode) kubectl.table(type, items, String.valueOf(rv), req);
      if (next != null) {
        ((ObjectNode) table.get("metadata")).put("continue", next);
      }
      return ok(table);
    }
    ObjectNode list = NODES.objectNode();
    list.put("apiVersion", type.apiVersion());
    list.put("kind", type.kind() + "List");
    ObjectNode md = list.putObject("metadata");
    md.put("resourceVersion", String.valueOf(rv));
    if (next != null) {
      md.put("continue", next);
    }
    ArrayNode array = list.putArray("items");
    items.forEach(array::add);
    return ok(list);
  }

  private static String listKey(JsonNode o) {
    return o.path("metadata").path("namespace").asText("") + "/" + o.path("metadata").path("name").asText();
  }

  /** The label and field selectors of a list, watch or deletecollection request. */
  private static Predicate<JsonNode> selectors(ApiRequest req) {
    return Selectors.labels(req.param("labelSelector")).and(Selectors.fields(req.param("fieldSelector")));
  }

  // ---- watches ------------------------------------------------------------------------------------------------

  /**
   * A watch over a WebSocket (what fabric8 clients use) or, for plain HTTP requests (kubectl), over a chunked
   * response that {@link StreamingMockWebServer} keeps open.
   */
  private MockResponse watch(RecordedRequest request, ApiRequest req, ObjectStore.WatchSpec spec) {
    boolean expire = faults.takeWatchExpiry(request.getPath());
    String from = req.param("resourceVersion");
    long timeoutSeconds = req.param("timeoutSeconds") == null ? 0 : Long.parseLong(req.param("timeoutSeconds"));
    WatchStarter starter = sink -> {
      if (expire) {
        endWithError(sink, "too old resource version: " + from + " (injected)");
        return null;
      }
      try {
        ObjectStore.OpenWatch watch = store.watch(spec, from, sink);
        if (timeoutSeconds > 0) {
          background.schedule(watch::close, timeoutSeconds, TimeUnit.SECONDS);
        }
        return watch;
      } catch (ObjectStore.ResourceVersionTooOld e) {
        endWithError(sink, e.getMessage());
        return null;
      }
    };
    String upgrade = request.getHeader("Upgrade");
    if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
      return new MockResponse().withWebSocketUpgrade(new WebSocketWatch(starter));
    }
    return new StreamingMockWebServer.WatchResponse(starter);
  }

  /**
   * Sends the "410 Gone" ERROR event and ends the stream a moment later, so that a client reading asynchronously sees
   * the event before the end of the stream.
   */
  private void endWithError(ObjectStore.WatchSink sink, String message) {
    sink.send(errorEvent(410, "Expired", message));
    background.schedule(sink::close, 200, TimeUnit.MILLISECONDS);
  }

  /** Opens a watch on a sink; answers null when the watch ended at once (an ERROR event was sent). */
  interface WatchStarter {
    ObjectStore.OpenWatch start(ObjectStore.WatchSink sink);
  }

  private static String errorEvent(int code, String reason, String message) {
    ObjectNode event = NODES.objectNode();
    event.put("type", "ERROR");
    event.set("object", ApiException.status(code, reason, message, null, null, List.of()));
    return event.toString();
  }

  private static final class WebSocketWatch extends WebSocketListener {
    private final WatchStarter starter;
    private volatile ObjectStore.OpenWatch watch;

    WebSocketWatch(WatchStarter starter) {
      this.starter = starter;
    }

    @Override
    public void onOpen(WebSocket webSocket, io.fabric8.mockwebserver.http.Response response) {
      watch = starter.start(new ObjectStore.WatchSink() {
        @Override
        public void send(String json) {
          webSocket.send(json);
        }

        @Override
        public void close() {
          webSocket.close(1000, "watch closed by server");
        }
      });
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      forget();
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      forget();
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, io.fabric8.mockwebserver.http.Response response) {
      forget();
    }

    private void forget() {
      if (watch != null) {
        watch.forget();
      }
    }
  }

  // ---- writes -------------------------------------------------------------------------------------------------

  private ObjectNode create(RecordedRequest request, ApiRequest req, ResourceType type, Rbac.User user) {
    if (req.name() != null) {
      throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested "
          + "resource", null, null, List.of());
    }
    ObjectNode body = body(request);
    if (type.group().equals("authorization.k8s.io")) {
      return review(type, body, user);
    }
    synchronized (store) {
      ObjectNode object = prepareNew(req, type, body);
      String manager = manager(request, req);
      ObjectNode recorded = ServerSideApply.recordUpdate(null, object, manager, "Update", type.apiVersion(), now(),
          "", schema(type));
      return commitCreate(req, type, recorded);
    }
  }

  /**
   * Answers a self-subject review (what JOSDK asks before leader election) for the user the request authenticated
   * as, from the RBAC objects in the store. Reviews are not stored, as on the real server.
   */
  private ObjectNode review(ResourceType type, ObjectNode body, Rbac.User user) {
    ObjectNode answer = body.deepCopy();
    answer.put("apiVersion", type.apiVersion());
    answer.put("kind", type.kind());
    answer.set("status", type.kind().equals("SelfSubjectAccessReview") ? rbac.accessReview(user, body.path("spec"))
        : rbac.rulesReview(user, body.path("spec").path("namespace").asText(null)));
    return answer;
  }

  /** Identity, defaults and system metadata of an object about to be created. */
  private ObjectNode prepareNew(ApiRequest req, ResourceType type, ObjectNode body) {
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

  private ObjectNode commitCreate(ApiRequest req, ResourceType type, ObjectNode object) {
    String name = object.path("metadata").path("name").asText();
    if (type.namespaced()) {
      ResourceType namespaces = types.find("", "v1", "namespaces").orElseThrow();
      if (store.get(namespaces.storeKey(), null, req.namespace()) == null) {
        throw ApiException.notFound(namespaces, req.namespace());
      }
    }
    if (store.get(type.storeKey(), req.namespace(), name) != null) {
      throw ApiException.alreadyExists(type, name);
    }
    applyKindRules(type, null, object);
    if (isDryRun(req)) {
      return object;
    }
    ObjectNode stored = store.put(type.storeKey(), object);
    if (type.plural().equals("customresourcedefinitions")) {
      types.register(stored);
    }
    collectIfDangling(type, stored);
    return stored;
  }

  /**
   * An object written with a reference to an owner that is already gone is collected, as the real garbage collector
   * does (a controller may re-create a dependent just after its owner was deleted).
   */
  private void collectIfDangling(ResourceType type, ObjectNode object) {
    JsonNode refs = object.path("metadata").path("ownerReferences");
    for (JsonNode ref : refs) {
      if (!store.exists(ref.path("uid").asText())) {
        JsonNode md = object.path("metadata");
        String namespace = md.path("namespace").asText(null);
        String name = md.path("name").asText();
        background.execute(() -> {
          synchronized (store) {
            ObjectNode current = store.get(type.storeKey(), namespace, name);
            if (current != null) {
              collect(type.storeKey(), current);
            }
          }
        });
        return;
      }
    }
  }

  private ObjectNode update(RecordedRequest request, ApiRequest req, ResourceType type) {
    requireName(req);
    ObjectNode body = body(request);
    synchronized (store) {
      ObjectNode live = requireLive(req, type);
      checkKind(type, body);
      checkResourceVersion(type, live, body);
      ObjectNode candidate = body.deepCopy();
      if (!candidate.path("metadata").has("managedFields")) {
        metadata(candidate).set("managedFields", live.path("metadata").path("managedFields").deepCopy());
      }
      return commitUpdate(req, type, live, candidate, manager(request, req));
    }
  }

  private MockResponse patch(RecordedRequest request, ApiRequest req, ResourceType type, Rbac.User user,
      Rbac.Attributes attributes) {
    requireName(req);
    String contentType = String.valueOf(request.getHeader("Content-Type"));
    if (contentType.startsWith("application/apply-patch")) {
      // an apply that creates the object is authorized as create too, as kube-apiserver does
      return apply(request, req, type, () -> {
        if (!rbac.allows(user, attributes.withVerb("create"))) {
          throw Rbac.forbidden(user, attributes.withVerb("create"));
        }
      });
    }
    String raw = request.getBody() == null ? "" : new String(request.getBody().getBytes());
    JsonNode patch = parse(raw, false);
    synchronized (store) {
      ObjectNode live = requireLive(req, type);
      JsonNode patched;
      if (contentType.startsWith("application/json-patch+json")) {
        patched = JsonPatch.apply(patch, live);
      } else if (contentType.startsWith("application/merge-patch+json")) {
        patched = MergePatch.apply(live, patch);
      } else if (contentType.startsWith("application/strategic-merge-patch+json") && !type.isCustom()) {
        patched = StrategicMergePatch.apply(live, asObject(patch), schema(type));
      } else {
        throw ApiException.unsupportedMediaType(contentType);
      }
      ObjectNode candidate = asObject(patched);
      checkResourceVersion(type, live, candidate);
      return ok(commitUpdate(req, type, live, candidate, manager(request, req)));
    }
  }

  private MockResponse apply(RecordedRequest request, ApiRequest req, ResourceType type, Runnable authorizeCreate) {
    ObjectNode body = body(request);
    String manager = req.param("fieldManager");
    if (manager == null || manager.isEmpty()) {
      throw ApiException.badRequest("PATCH request with apply-patch content type must specify a fieldManager");
    }
    synchronized (store) {
      ObjectNode live = store.get(type.storeKey(), req.namespace(), req.name());
      if (live == null && req.subresource() != null) {
        throw ApiException.notFound(type, req.name());
      }
      if (live != null) {
        checkResourceVersion(type, live, body);
      }
      checkKind(type, body);
      String subresource = req.subresource() == null ? "" : req.subresource();
      ServerSideApply.Result result;
      try {
        result = ServerSideApply.apply(live, body, new ServerSideApply.ApplyRequest(manager, req.flag("force"),
            subresource, type.statusSubresource(), type.apiVersion(), now(), schema(type)));
      } catch (ApplyConflictException e) {
        throw conflict(type, req.name(), e);
      }
      if (live == null) {
        authorizeCreate.run();
        ObjectNode object = prepareNew(req, type, result.object());
        metadata(object).set("managedFields", result.object().path("metadata").path("managedFields"));
        return created(commitCreate(req, type, object));
      }
      if (!result.changed()) {
        return ok(live);
      }
      return ok(commitUpdate(req, type, live, result.object(), null));
    }
  }

  private static ApiException conflict(ResourceType type, String name, ApplyConflictException e) {
    List<ApiException.Cause> causes = e.conflicts().stream()
        .map(c -> new ApiException.Cause("FieldManagerConflict", c.message(), c.field()))
        .toList();
    return new ApiException(409, "Conflict", e.getMessage(), name, type.plural(), causes);
  }

  /**
   * Everything a write to an existing object goes through: system metadata kept, status or spec kept depending on
   * the subresource, kind rules (Services), generation, ownership of changed fields, and no write at all when nothing
   * changed.
   *
   * @param manager the field manager for a non-apply write, or null when managedFields are already final (apply)
   */
  private ObjectNode commitUpdate(ApiRequest req, ResourceType type, ObjectNode live, ObjectNode candidate,
      String manager) {
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
    applyKindRules(type, live, next);
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
      return removeAndCollect(type, next);
    }
    ObjectNode stored = store.put(type.storeKey(), next);
    if (type.plural().equals("customresourcedefinitions")) {
      types.register(stored);
    }
    collectIfDangling(type, stored);
    return stored;
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

  /**
   * kube-apiserver (ValidateIngressCreate) refuses the legacy class annotation next to {@code spec.ingressClassName}
   * on create only: an existing Ingress may get the field while keeping the annotation, which is how it migrates.
   */
  private static void admitNewIngress(ResourceType type, ObjectNode ingress) {
    JsonNode annotation = ingress.path("metadata").path("annotations").path("kubernetes.io/ingress.class");
    if (annotation.isTextual() && ingress.path("spec").hasNonNull("ingressClassName")) {
      throw ApiException.invalid(type, ingress.path("metadata").path("name").asText(), List.of(new ApiException.Cause(
          "FieldValueInvalid", "Invalid value: \"" + annotation.asText() + "\": can not be set when the class field "
          + "is also set", "annotations.kubernetes.io/ingress.class")));
    }
  }

  /** Kind-specific rules of the real registry. */
  private void applyKindRules(ResourceType type, ObjectNode before, ObjectNode object) {
    if (type.isCustom() && validateCustomResources) {
      CustomResourceSchema.admit(type, object);
    }
    if (type.group().isEmpty() && type.plural().equals("services")) {
      String self = object.path("metadata").path("uid").asText();
      List<ObjectNode> others = store.list(type.storeKey(), null).stream()
          .filter(s -> !s.path("metadata").path("uid").asText().equals(self))
          .toList();
      services.prepare(type, before, object, others);
      String namespace = object.path("metadata").path("namespace").asText();
      ServiceQuotas.admit(before, object, store.list(ServiceQuotas.RESOURCE_QUOTAS, namespace),
          store.list(type.storeKey(), namespace));
    } else if (type.group().equals("networking.k8s.io") && type.plural().equals("ingresses") && before == null) {
      admitNewIngress(type, object);
    } else if (type.group().isEmpty() && type.plural().equals("namespaces")) {
      if (!object.has("status")) {
        object.putObject("status").put("phase", "Active");
      }
    } else if (type.plural().equals("customresourcedefinitions")) {
      CrdRules.admit(type, object);
      markEstablished(object);
    }
  }

  /** CRDs are served as soon as they are stored; their status says so, as the real server's does. */
  private void markEstablished(ObjectNode crd) {
    ObjectNode status = crd.putObject("status");
    status.set("acceptedNames", crd.path("spec").path("names").deepCopy());
    ArrayNode conditions = status.putArray("conditions");
    for (String condition : List.of("NamesAccepted", "Established")) {
      ObjectNode c = conditions.addObject();
      c.put("type", condition);
      c.put("status", "True");
      c.put("reason", condition.equals("Established") ? "InitialNamesAccepted" : "NoConflicts");
      c.put("message", condition.equals("Established") ? "the initial names have been accepted"
          : "no conflicts found");
      c.put("lastTransitionTime", crd.path("metadata").path("creationTimestamp").asText(now()));
    }
    ArrayNode stored = status.putArray("storedVersions");
    crd.path("spec").path("versions").forEach(v -> {
      if (v.path("storage").asBoolean()) {
        stored.add(v.path("name").asText());
      }
    });
  }

  // ---- deletes and garbage collection -------------------------------------------------------------------------

  private MockResponse delete(RecordedRequest request, ApiRequest req, ResourceType type) {
    JsonNode options = request.getBody() == null || request.getBody().size() == 0 ? NODES.objectNode()
        : parse(new String(request.getBody().getBytes()), false);
    String propagation = req.param("propagationPolicy") != null ? req.param("propagationPolicy")
        : options.path("propagationPolicy").asText("Background");
    if (req.name() == null) {
      Predicate<JsonNode> filter = selectors(req);
      synchronized (store) {
        for (ObjectNode o : store.list(type.storeKey(), req.namespace())) {
          if (filter.test(o)) {
            deleteOne(type, req, o, propagation);
          }
        }
      }
      return ok(ApiException.status(200, null, null, null, null, List.of()));
    }
    synchronized (store) {
      ObjectNode live = requireLive(req, type);
      JsonNode pre = options.path("preconditions");
      if (pre.has("uid") && !pre.get("uid").asText().equals(live.path("metadata").path("uid").asText())
          || pre.has("resourceVersion")
              && !pre.get("resourceVersion").asText().equals(live.path("metadata").path("resourceVersion").asText())) {
        throw ApiException.conflict(type, req.name());
      }
      return ok(deleteOne(type, req, live, propagation));
    }
  }

  private ObjectNode deleteOne(ResourceType type, ApiRequest req, ObjectNode live, String propagation) {
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
      orphanDependents(live.path("metadata").path("uid").asText());
    }
    return removeAndCollect(type, live);
  }

  private ObjectNode removeAndCollect(ResourceType type, ObjectNode object) {
    JsonNode md = object.path("metadata");
    ObjectNode gone = store.remove(type.storeKey(), md.path("namespace").asText(null), md.path("name").asText());
    if (type.plural().equals("customresourcedefinitions")) {
      types.unregister(object);
      JsonNode spec = object.path("spec");
      store.removeKind(spec.path("names").path("plural").asText() + "." + spec.path("group").asText());
    }
    if (type.group().isEmpty() && type.plural().equals("namespaces")) {
      String ns = md.path("name").asText();
      background.execute(() -> deleteNamespaceContents(ns));
    }
    // Background propagation, as the real garbage collector does it: dependents go shortly after their owner.
    background.execute(this::collectGarbage);
    return gone;
  }

  private void deleteNamespaceContents(String namespace) {
    synchronized (store) {
      for (var entry : store.everything()) {
        JsonNode md = entry.getValue().path("metadata");
        if (namespace.equals(md.path("namespace").asText(null))) {
          store.remove(entry.getKey(), namespace, md.path("name").asText());
        }
      }
    }
    collectGarbage();
  }

  /**
   * Deletes every object whose owners are all gone; an object that still has a live owner only loses the dangling
   * references. Repeats until nothing changes, so chains of owners cascade.
   */
  void collectGarbage() {
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
      ArrayNode kept = metadata(trimmed).putArray("ownerReferences");
      alive.forEach(kept::add);
      store.put(storeKey, trimmed);
      return true;
    }
    if (md.path("finalizers").isEmpty()) {
      removeAndCollect(typeOf(storeKey, o), o);
      return true;
    }
    if (!md.has("deletionTimestamp")) {
      ObjectNode marked = o.deepCopy();
      metadata(marked).put("deletionTimestamp", now());
      store.put(storeKey, marked);
      return true;
    }
    return false;
  }

  private void orphanDependents(String ownerUid) {
    for (var entry : store.everything()) {
      ObjectNode o = entry.getValue();
      JsonNode refs = o.path("metadata").path("ownerReferences");
      boolean owned = false;
      for (JsonNode r : refs) {
        owned |= r.path("uid").asText().equals(ownerUid);
      }
      if (owned) {
        ObjectNode trimmed = o.deepCopy();
        ArrayNode kept = metadata(trimmed).putArray("ownerReferences");
        refs.forEach(r -> {
          if (!r.path("uid").asText().equals(ownerUid)) {
            kept.add(r);
          }
        });
        store.put(entry.getKey(), trimmed);
      }
    }
  }

  private ResourceType typeOf(String storeKey, ObjectNode o) {
    return types.findByKind(o.path("apiVersion").asText(), o.path("kind").asText())
        .or(() -> types.all().stream().filter(t -> t.storeKey().equals(storeKey)).findFirst())
        .orElseThrow();
  }

  // ---- helpers ------------------------------------------------------------------------------------------------

  private ObjectNode requireLive(ApiRequest req, ResourceType type) {
    ObjectNode live = store.get(type.storeKey(), req.namespace(), req.name());
    if (live == null) {
      throw ApiException.notFound(type, req.name());
    }
    return live;
  }

  private static void requireName(ApiRequest req) {
    if (req.name() == null) {
      throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested "
          + "resource", null, null, List.of());
    }
  }

  private static void checkKind(ResourceType type, JsonNode body) {
    String kind = body.path("kind").asText(type.kind());
    if (!kind.equals(type.kind())) {
      throw ApiException.badRequest("the API version in the data (" + body.path("apiVersion").asText()
          + ") does not match the expected API version (" + type.apiVersion() + ") or kind " + kind
          + " does not match " + type.kind());
    }
  }

  /** Optimistic concurrency: a write that names a resourceVersion must name the current one. */
  private static void checkResourceVersion(ResourceType type, ObjectNode live, JsonNode candidate) {
    String wanted = candidate.path("metadata").path("resourceVersion").asText("");
    if (!wanted.isEmpty() && !wanted.equals(live.path("metadata").path("resourceVersion").asText())) {
      throw ApiException.conflict(type, live.path("metadata").path("name").asText());
    }
  }

  private static boolean isDryRun(ApiRequest req) {
    return "All".equals(req.param("dryRun"));
  }

  /** The field manager of a non-apply write: the parameter, else the user agent's product, as the real server. */
  private static String manager(RecordedRequest request, ApiRequest req) {
    String manager = req.param("fieldManager");
    if (manager != null && !manager.isEmpty()) {
      return manager;
    }
    String agent = request.getHeader("User-Agent");
    if (agent == null || agent.isEmpty()) {
      return "unknown";
    }
    int slash = agent.indexOf('/');
    return slash > 0 ? agent.substring(0, slash) : agent;
  }

  private ListSchema schema(ResourceType type) {
    return type.isCustom() ? ListSchema.fromOpenApi(type.openApiSchema()) : ListSchema.builtin(type.group(),
        type.kind());
  }

  private String now() {
    return DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS));
  }

  private static ObjectNode metadata(ObjectNode object) {
    return object.has("metadata") && object.get("metadata").isObject() ? (ObjectNode) object.get("metadata")
        : object.putObject("metadata");
  }

  private static ObjectNode body(RecordedRequest request) {
    String contentType = String.valueOf(request.getHeader("Content-Type"));
    if (contentType.contains("protobuf")) {
      // the real server speaks protobuf too; this one only JSON and YAML (kubectl's "create <kind>" generators and
      // "run" send protobuf)
      throw ApiException.unsupportedMediaType(contentType);
    }
    String raw = request.getBody() == null ? "" : new String(request.getBody().getBytes());
    return asObject(parse(raw, true));
  }

  private static JsonNode parse(String raw, boolean yamlAllowed) {
    try {
      String trimmed = raw.trim();
      if (trimmed.isEmpty()) {
        throw ApiException.badRequest("the request body is empty");
      }
      return trimmed.startsWith("{") || trimmed.startsWith("[") || !yamlAllowed ? JSON.readTree(trimmed)
          : YAML.readTree(trimmed);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("the body of the request could not be decoded: " + e.getOriginalMessage());
    }
  }

  private static ObjectNode asObject(JsonNode node) {
    if (!(node instanceof ObjectNode o)) {
      throw ApiException.badRequest("the body of the request must be a JSON object");
    }
    return o;
  }

  private static MockResponse notFoundPath() {
    return json(404, ApiException.status(404, "NotFound", "the server could not find the requested resource", null,
        null, List.of()));
  }

  private static String reasonFor(int status) {
    return switch (status) {
      case 400 -> "BadRequest";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 409 -> "Conflict";
      case 410 -> "Expired";
      case 422 -> "Invalid";
      case 429 -> "TooManyRequests";
      case 503 -> "ServiceUnavailable";
      case 504 -> "Timeout";
      default -> "InternalError";
    };
  }

  static MockResponse ok(JsonNode body) {
    return json(200, body);
  }

  private static MockResponse created(JsonNode body) {
    return json(201, body);
  }

  static MockResponse json(int code, JsonNode body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }
}
