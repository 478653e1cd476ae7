package io.exposedapp.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpServer;

/**
 * The operator's own small HTTP endpoints (health probes, Prometheus metrics), served by the JDK's built-in server on
 * the configured ports; endpoints that share a port share a server.
 */
public final class HttpEndpoints implements AutoCloseable {

  /** What one GET answers: a status code and a text body. */
  public record Answer(int status, String contentType, String body) {
  }

  private final Map<Integer, Map<String, Supplier<Answer>>> byPort = new LinkedHashMap<>();
  private final List<HttpServer> servers = new ArrayList<>();

  /** Adds an endpoint; a port of 0 means disabled. */
  public HttpEndpoints add(int port, String path, Supplier<Answer> handler) {
    if (port > 0) {
      byPort.computeIfAbsent(port, p -> new LinkedHashMap<>()).put(path, handler);
    }
    return this;
  }

  public HttpEndpoints start() throws IOException {
    for (var entry : byPort.entrySet()) {
      HttpServer server = HttpServer.create(new InetSocketAddress(entry.getKey()), 0);
      entry.getValue().forEach((path, handler) -> server.createContext(path, exchange -> {
        Answer answer;
        try {
          answer = "GET".equals(exchange.getRequestMethod()) ? handler.get()
              : new Answer(405, "text/plain", "method not allowed\n");
        } catch (RuntimeException e) {
          answer = new Answer(500, "text/plain", e + "\n");
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }));
      server.setExecutor(Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "http-" + entry.getKey());
        t.setDaemon(true);
        return t;
      }));
      server.start();
      servers.add(server);
    }
    return this;
  }

  @Override
  public void close() {
    servers.forEach(s -> s.stop(0));
  }
}
