package io.exposedapp.apiserver.handlers;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.exposedapp.apiserver.api.ApiException;
import io.exposedapp.apiserver.api.ApiRequest;
import io.exposedapp.apiserver.storage.ObjectStore;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

/**
 * Watches, from the store's watch cache: over a WebSocket (what fabric8 clients use) or, for plain HTTP requests
 * (kubectl), over a chunked response ({@link WatchResponse}) that the web server keeps open.
 */
public final class WatchHandler {

  /** Opens a watch on a sink; answers null when the watch ended at once (an ERROR event was sent). */
  public interface WatchStarter {
    ObjectStore.OpenWatch start(ObjectStore.WatchSink sink);
  }

  /**
   * A watch answer over plain HTTP: returned instead of a body; the web server keeps the response open and starts the
   * watch on a sink that writes one JSON event per line.
   */
  public static final class WatchResponse extends MockResponse {
    private final WatchStarter starter;

    WatchResponse(WatchStarter starter) {
      this.starter = starter;
      setResponseCode(200);
    }

    public WatchStarter starter() {
      return starter;
    }
  }

  private final ObjectStore store;
  private final ScheduledExecutorService background;
  /** Test-only: whether this watch request must be answered "410 Gone" (fault injection). */
  private final Predicate<String> expireWatch;

  public WatchHandler(ObjectStore store, ScheduledExecutorService background, Predicate<String> expireWatch) {
    this.store = store;
    this.background = background;
    this.expireWatch = expireWatch;
  }

  MockResponse watch(RecordedRequest request, ApiRequest req, ObjectStore.WatchSpec spec) {
    boolean expire = expireWatch.test(request.getPath());
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
    return new WatchResponse(starter);
  }

  /**
   * Sends the "410 Gone" ERROR event and ends the stream a moment later, so that a client reading asynchronously sees
   * the event before the end of the stream.
   */
  private void endWithError(ObjectStore.WatchSink sink, String message) {
    sink.send(errorEvent(410, "Expired", message));
    background.schedule(sink::close, 200, TimeUnit.MILLISECONDS);
  }

  private static String errorEvent(int code, String reason, String message) {
    ObjectNode event = JsonNodeFactory.instance.objectNode();
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
}
