package io.exposedapp.apiserver.storage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The server's storage: objects by kind, namespace and name, one resourceVersion counter for the whole store (as
 * etcd's revision), a bounded history of changes so that a watch can start from a resourceVersion, and the open
 * watches.
 *
 * <p>Every method is synchronized on the store; callers that read, decide and write hold the same monitor for the
 * whole operation. Stored nodes are never mutated: writers put new copies.
 */
public final class ObjectStore {

  /** Changes kept for watches that resume from a resourceVersion; older resumes get "410 Gone". */
  static final int HISTORY_LIMIT = 100_000;

  /** Where watch events go: a WebSocket or a chunked HTTP response. */
  public interface WatchSink {
    void send(String json);

    void close();
  }

  /** One change; {@code before} is null for a creation, {@code after} null for a deletion. */
  public record Change(long resourceVersion, String storeKey, ObjectNode before, ObjectNode after) {
  }

  /** A watch's filter and the way its events are rendered (plain object, or a Table row for kubectl). */
  public record WatchSpec(String storeKey, String namespace, Predicate<JsonNode> filter,
      Function<ObjectNode, JsonNode> render) {

    boolean matches(String key, ObjectNode object) {
      return object != null && storeKey.equals(key)
          && (namespace == null || namespace.equals(object.path("metadata").path("namespace").asText()))
          && filter.test(object);
    }
  }

  /** Thrown when a watch asks for history the store no longer has. */
  public static final class ResourceVersionTooOld extends Exception {
    public ResourceVersionTooOld(String message) {
      super(message);
    }
  }

  private final Map<String, NavigableMap<String, ObjectNode>> objects = new ConcurrentHashMap<>();
  private final Deque<Change> history = new ArrayDeque<>();
  private final Set<OpenWatch> watches = new CopyOnWriteArraySet<>();
  /** What the controllers see of every change, in order, under the store's lock (see {@link #addListener}). */
  private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
  /** uids of stored objects, so the garbage collector can tell a live owner in O(1). */
  private final Set<String> uids = new java.util.HashSet<>();
  private long resourceVersion;

  public synchronized long resourceVersion() {
    return resourceVersion;
  }

  public synchronized ObjectNode get(String storeKey, String namespace, String name) {
    return kind(storeKey).get(key(namespace, name));
  }

  /** Objects of a kind in key order, in one namespace or (null) all. */
  public synchronized List<ObjectNode> list(String storeKey, String namespace) {
    NavigableMap<String, ObjectNode> all = kind(storeKey);
    Collection<ObjectNode> selected = namespace == null ? all.values()
        : all.subMap(namespace + "/", namespace + "/\uffff").values();
    return new ArrayList<>(selected);
  }

  /** Whether an object with this uid is stored. */
  public synchronized boolean exists(String uid) {
    return uids.contains(uid);
  }

  /** Every stored object of every kind, with its store key. */
  public synchronized List<Map.Entry<String, ObjectNode>> everything() {
    List<Map.Entry<String, ObjectNode>> all = new ArrayList<>();
    objects.forEach((k, m) -> m.values().forEach(o -> all.add(Map.entry(k, o))));
    return all;
  }

  /** Stores the object with a new resourceVersion and notifies watches; answers what was stored. */
  public synchronized ObjectNode put(String storeKey, ObjectNode object) {
    ObjectNode stored = object.deepCopy();
    long rv = ++resourceVersion;
    ((ObjectNode) stored.get("metadata")).put("resourceVersion", Long.toString(rv));
    JsonNode md = stored.get("metadata");
    ObjectNode before = kind(storeKey).put(key(md.path("namespace").asText(null), md.path("name").asText()), stored);
    uids.add(md.path("uid").asText());
    record(new Change(rv, storeKey, before, stored));
    return stored;
  }

  /** Removes the object; the DELETED event carries a fresh resourceVersion, as the real server's does. */
  public synchronized ObjectNode remove(String storeKey, String namespace, String name) {
    ObjectNode before = kind(storeKey).remove(key(namespace, name));
    if (before == null) {
      return null;
    }
    uids.remove(before.path("metadata").path("uid").asText());
    long rv = ++resourceVersion;
    ObjectNode gone = before.deepCopy();
    ((ObjectNode) gone.get("metadata")).put("resourceVersion", Long.toString(rv));
    record(new Change(rv, storeKey, before, null));
    return gone;
  }

  /** Removes every object of a kind (its CRD was deleted). */
  public synchronized void removeKind(String storeKey) {
    for (ObjectNode o : list(storeKey, null)) {
      JsonNode md = o.get("metadata");
      remove(storeKey, md.path("namespace").asText(null), md.path("name").asText());
    }
  }

  /**
   * Opens a watch. With a resourceVersion, replays the changes after it; without one (or "0"), starts with an ADDED
   * event for every matching object, as the real server does.
   */
  public synchronized OpenWatch watch(WatchSpec spec, String fromResourceVersion, WatchSink sink)
      throws ResourceVersionTooOld {
    OpenWatch watch = new OpenWatch(spec, sink);
    if (fromResourceVersion == null || fromResourceVersion.isEmpty() || fromResourceVersion.equals("0")) {
      for (ObjectNode o : list(spec.storeKey(), spec.namespace())) {
        if (spec.filter().test(o)) {
          watch.send("ADDED", o);
        }
      }
    } else {
      long from = Long.parseLong(fromResourceVersion);
      long oldestKnown = history.isEmpty() ? resourceVersion : history.peekFirst().resourceVersion() - 1;
      if (from < oldestKnown) {
        throw new ResourceVersionTooOld("too old resource version: " + from + " (" + oldestKnown + ")");
      }
      for (Change c : history) {
        if (c.resourceVersion() > from) {
          watch.deliver(c);
        }
      }
    }
    watches.add(watch);
    return watch;
  }

  public synchronized void closeAllWatches() {
    for (OpenWatch w : watches) {
      w.close();
    }
  }

  /**
   * Tells {@code listener} of every change from now on, after the watches, on the writer's thread and under the
   * store's lock: the server's own controllers watch the store this way, so that what they do is ordered with the
   * write that caused it. A listener may write to the store; it then sees its own change too.
   */
  public void addListener(Consumer<Change> listener) {
    listeners.add(listener);
  }

  public int openWatchCount() {
    return watches.size();
  }

  private void record(Change change) {
    history.addLast(change);
    if (history.size() > HISTORY_LIMIT) {
      history.removeFirst();
    }
    for (OpenWatch w : watches) {
      w.deliver(change);
    }
    for (Consumer<Change> listener : listeners) {
      listener.accept(change);
    }
  }

  private NavigableMap<String, ObjectNode> kind(String storeKey) {
    return objects.computeIfAbsent(storeKey, k -> new TreeMap<>());
  }

  private static String key(String namespace, String name) {
    return (namespace == null ? "" : namespace) + "/" + name;
  }

  /** A watch being served. */
  public final class OpenWatch {
    private final WatchSpec spec;
    private final WatchSink sink;
    private volatile boolean closed;

    private OpenWatch(WatchSpec spec, WatchSink sink) {
      this.spec = spec;
      this.sink = sink;
    }

    private void deliver(Change c) {
      boolean was = spec.matches(c.storeKey(), c.before());
      boolean is = spec.matches(c.storeKey(), c.after());
      if (was && is) {
        send("MODIFIED", c.after());
      } else if (is) {
        send("ADDED", c.after());
      } else if (was) {
        ObjectNode last = c.after() != null ? c.after() : c.before().deepCopy();
        if (c.after() == null) {
          ((ObjectNode) last.get("metadata")).put("resourceVersion", Long.toString(c.resourceVersion()));
        }
        send("DELETED", last);
      }
    }

    private void send(String type, ObjectNode object) {
      if (closed) {
        return;
      }
      ObjectNode event = JsonNodeFactory.instance.objectNode();
      event.put("type", type);
      event.set("object", spec.render().apply(object));
      try {
        sink.send(event.toString());
      } catch (RuntimeException e) {
        close();
      }
    }

    /** Ends the watch from the server side; the client sees the stream end and re-watches. */
    public void close() {
      if (!closed) {
        closed = true;
        watches.remove(this);
        try {
          sink.close();
        } catch (RuntimeException ignored) {
          // the peer is gone already
        }
      }
    }

    /** The client went away. */
    public void forget() {
      closed = true;
      watches.remove(this);
    }
  }
}
