package io.exposedapp.apiserver;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the API test server alone, for trying kubectl against it:
 * {@code java -cp target/exposedapp-embedded.jar io.exposedapp.apiserver.ApiTestServerMain [kubeconfig-path]
 * [crd-dir]}. Writes a kubeconfig (default {@code target/api-test-server.kubeconfig}) and serves until killed.
 */
public final class ApiTestServerMain {

  private ApiTestServerMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    Path kubeconfig = Path.of(args.length > 0 ? args[0] : "target/api-test-server.kubeconfig");
    ApiTestServer server = ApiTestServer.builder().build();
    server.start();
    if (args.length > 1) {
      server.installCrds(Path.of(args[1]));
    }
    server.writeKubeconfig(kubeconfig);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    System.out.println("API test server at " + server.url() + "; kubeconfig: " + kubeconfig.toAbsolutePath());
    new CountDownLatch(1).await();
  }
}
