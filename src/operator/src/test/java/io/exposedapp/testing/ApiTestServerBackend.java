package io.exposedapp.testing;

import java.nio.file.Path;
import java.util.Optional;

import io.exposedapp.allocation.PortRange;
import io.exposedapp.apiserver.ApiTestServer;
import io.fabric8.kubernetes.client.Config;

/** The default backend: the in-process API test server. */
final class ApiTestServerBackend implements Backend {

  private final ApiTestServer server;

  private ApiTestServerBackend(ApiTestServer server) {
    this.server = server;
  }

  static ApiTestServerBackend start(PortRange nodePortRange, Path crds) {
    ApiTestServer server = ApiTestServer.builder().seed(1).nodePortRange(nodePortRange.start(), nodePortRange.end())
        .build();
    server.start();
    server.installCrds(crds);
    return new ApiTestServerBackend(server);
  }

  @Override
  public Config adminConfig() {
    return server.clientConfig();
  }

  /** The kube-apiserver version the API test server emulates. */
  static final int EMULATED_MINOR = 26;

  @Override
  public int kubernetesMinor() {
    return EMULATED_MINOR;
  }

  @Override
  public java.nio.file.Path writeKubeconfig(java.nio.file.Path file) {
    return server.writeKubeconfig(file);
  }

  @Override
  public Optional<ApiTestServer> apiTestServer() {
    return Optional.of(server);
  }

  @Override
  public boolean collectsGarbage() {
    return true;
  }

  @Override
  public String describe() {
    return "the API test server";
  }

  @Override
  public void close() {
    server.close();
  }
}
