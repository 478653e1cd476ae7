package io.exposedapp.apiserver;

import java.net.InetAddress;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.exposedapp.apiserver.handlers.WatchHandler;
import io.exposedapp.apiserver.storage.ObjectStore;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.HttpUrl;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * fabric8's {@link MockWebServer} plus what kubectl needs and it lacks: watches over plain HTTP, as a chunked response
 * that stays open and carries one JSON event per line (fabric8 clients watch over WebSockets, which the stock server
 * handles).
 *
 * <p>Everything but HTTP watches goes through fabric8's own {@link HttpServerRequestHandler}. The server listens on
 * plain HTTP on a loopback address.
 */
final class StreamingMockWebServer extends MockWebServer {

  private final AtomicInteger requestCount = new AtomicInteger();
  private Vertx vertx;
  private HttpServer httpServer;
  private Dispatcher dispatcher;
  private InetAddress address;
  private int port = -1;

  @Override
  public void setDispatcher(Dispatcher dispatcher) {
    super.setDispatcher(dispatcher);
    this.dispatcher = dispatcher;
  }

  @Override
  public synchronized void start(InetAddress inetAddress, int requestedPort) {
    if (httpServer != null) {
      throw new IllegalStateException("start() already called");
    }
    address = inetAddress;
    vertx = baseVertx();
    HttpServerRequestHandler fabric8Handler = new HttpServerRequestHandler(vertx) {
      @Override
      protected MockResponse onHttpRequest(RecordedRequest request) {
        return dispatch(request);
      }
    };
    httpServer = vertx.createHttpServer(new HttpServerOptions()
        .setHost(inetAddress.getHostAddress())
        .setPort(requestedPort)
        .setHandle100ContinueAutomatically(true));
    httpServer.requestHandler(request -> {
      if (isHttpWatch(request)) {
        serveWatch(request);
      } else {
        fabric8Handler.handle(request);
      }
    });
    port = await(httpServer.listen()).actualPort();
  }

  /**
   * fabric8's MockWebServer creates a Vert.x instance it does not expose; serving with it, rather than a second one,
   * keeps its threads from leaking when the server stops.
   */
  private Vertx baseVertx() {
    try {
      java.lang.reflect.Field field = MockWebServer.class.getDeclaredField("vertx");
      field.setAccessible(true);
      return (Vertx) field.get(this);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Vertx.vertx();
    }
  }

  private MockResponse dispatch(RecordedRequest request) {
    requestCount.incrementAndGet();
    return dispatcher.dispatch(request);
  }

  private static boolean isHttpWatch(HttpServerRequest request) {
    String watch = request.getParam("watch");
    return ("true".equals(watch) || "1".equals(watch)) && !"websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
  }

  private void serveWatch(HttpServerRequest request) {
    RecordedRequest recorded = new RecordedRequest(request.version().alpnName().toUpperCase(Locale.ROOT),
        HttpMethod.fromVertx(request.method()), request.uri(),
        Headers.builder().addAll(request.headers()).build(), new Buffer());
    MockResponse answer = dispatch(recorded);
    HttpServerResponse response = request.response();
    if (!(answer instanceof WatchHandler.WatchResponse watchAnswer)) {
      response.setStatusCode(answer.code());
      answer.getHeaders().toMultimap().forEach((k, v) -> response.headers().add(k, v));
      response.end(io.vertx.core.buffer.Buffer.buffer(answer.getBody() == null ? new byte[0]
          : answer.getBody().getBytes()));
      return;
    }
    response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/json");
    response.write("");
    ObjectStore.OpenWatch watch = watchAnswer.starter().start(new ObjectStore.WatchSink() {
      @Override
      public void send(String json) {
        if (!response.ended() && !response.closed()) {
          response.write(json + "\n");
        }
      }

      @Override
      public void close() {
        if (!response.ended() && !response.closed()) {
          response.end();
        }
      }
    });
    if (watch != null) {
      response.closeHandler(v -> watch.forget());
    }
  }

  @Override
  public synchronized void shutdown() {
    if (httpServer == null) {
      return;
    }
    if (dispatcher != null) {
      dispatcher.shutdown();
    }
    await(httpServer.close());
    await(vertx.close());
    httpServer = null;
  }

  @Override
  public int getPort() {
    return port;
  }

  @Override
  public String getHostName() {
    return address.getHostAddress();
  }

  @Override
  public HttpUrl url(String path) {
    return HttpUrl.parse("http://" + getHostName() + ":" + port + "/" + (path.startsWith("/") ? path.substring(1)
        : path));
  }

  @Override
  public int getRequestCount() {
    return requestCount.get();
  }

  @Override
  public String toString() {
    return "StreamingMockWebServer[" + port + "]";
  }

  private static <T> T await(Future<T> future) {
    CompletableFuture<T> done = new CompletableFuture<>();
    future.onComplete(r -> {
      if (r.succeeded()) {
        done.complete(r.result());
      } else {
        done.completeExceptionally(r.cause());
      }
    });
    try {
      return done.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException("the API test server did not start or stop in time", e);
    }
  }
}
