package io.exposedapp.apiserver;

import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;

import io.exposedapp.apiserver.api.ApiException;
import io.exposedapp.apiserver.api.Responses;
import io.exposedapp.apiserver.pipeline.HandlerChain;
import io.exposedapp.apiserver.storage.ObjectStore;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The API test server's request handling, plugged into fabric8's mock web server as its {@link Dispatcher}: what only
 * a test server has around kube-apiserver's {@link HandlerChain}, namely fault injection ({@link Faults}) in front and
 * the request log behind.
 */
final class ApiDispatcher extends Dispatcher {

  private final Queue<ApiTestServer.Request> requestLog = new ConcurrentLinkedQueue<>();
  private final HandlerChain chain;
  private final Faults faults;
  private final ObjectStore store;
  private final ScheduledExecutorService background;

  ApiDispatcher(HandlerChain chain, Faults faults, ObjectStore store, ScheduledExecutorService background) {
    this.chain = chain;
    this.faults = faults;
    this.store = store;
    this.background = background;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String method = request.getMethod();
    String uri = request.getPath();
    Optional<Faults.Rule> fault = faults.match(method, uri);
    MockResponse response;
    if (fault.isPresent() && fault.get().failure()) {
      Faults.Rule rule = fault.get();
      response = Responses.json(rule.status(), ApiException.status(rule.status(),
          Responses.reasonFor(rule.status()), rule.message(), null, null, List.of()));
    } else {
      response = chain.handle(request);
    }
    if (fault.isPresent() && fault.get().delay() != null) {
      response.setBodyDelay(fault.get().delay());
    }
    requestLog.add(new ApiTestServer.Request(method, uri, String.valueOf(request.getHeader("User-Agent")),
        response.code()));
    return response;
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
}
