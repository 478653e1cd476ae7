package io.exposedapp.apiserver.handlers;

import static io.exposedapp.apiserver.api.Responses.ok;

import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.exposedapp.apiserver.api.ApiException;
import io.exposedapp.apiserver.api.ApiRequest;
import io.exposedapp.apiserver.api.ResourceType;
import io.exposedapp.apiserver.kubectl.KubectlSupport;
import io.exposedapp.apiserver.storage.ObjectStore;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.exposedapp.apiserver.kubectl.Tables;

/** GET: one object, a list (with selectors and pagination), or a watch; as Tables when kubectl asks for them. */
public final class ReadHandler {

  private final ObjectStore store;
  private final KubectlSupport kubectl;
  private final WatchHandler watches;

  public ReadHandler(ObjectStore store, KubectlSupport kubectl, WatchHandler watches) {
    this.store = store;
    this.kubectl = kubectl;
    this.watches = watches;
  }

  public MockResponse get(RecordedRequest request, ApiRequest req, ResourceType type) {
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
      return watches.watch(request, req, new ObjectStore.WatchSpec(type.storeKey(), req.namespace(), filter, render));
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
    ObjectNode list = JsonNodeFactory.instance.objectNode();
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
  static Predicate<JsonNode> selectors(ApiRequest req) {
    return Selectors.labels(req.param("labelSelector")).and(Selectors.fields(req.param("fieldSelector")));
  }
}
