package io.exposedapp.apiserver;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** One API test server per test class, with the test CRD installed and a client; register with {@code @RegisterExtension}. */
final class ApiTestServerExtension implements BeforeAllCallback, AfterAllCallback {

  /**
   * The budget of every wait in these tests, as in the operator's ({@code io.exposedapp.testing.Waits}): a condition,
   * never a time, and enough for a machine running at a quarter of its speed.
   */
  static final java.time.Duration WAIT = java.time.Duration.ofSeconds(60);

  private final ApiTestServer.Builder builder;
  private ApiTestServer server;
  private KubernetesClient client;

  ApiTestServerExtension() {
    this(ApiTestServer.builder().seed(42));
  }

  ApiTestServerExtension(ApiTestServer.Builder builder) {
    this.builder = builder;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = builder.build();
    server.start();
    server.installCrds(Path.of("src/test/resources/apiserver/widgets-crd.yaml"));
    // no client-side retries: these tests look at exactly what the server answers
    client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(server.clientConfig())
        .withRequestRetryBackoffLimit(0).build()).build();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    client.close();
    server.close();
  }

  ApiTestServer server() {
    return server;
  }

  KubernetesClient client() {
    return client;
  }
}
