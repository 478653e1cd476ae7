package io.exposedapp.testing;

import java.nio.file.Path;
import java.util.Optional;

import io.exposedapp.allocation.PortRange;
import io.exposedapp.apiserver.ApiTestServer;
import io.fabric8.kubernetes.client.Config;

/**
 * The API server the operator-level tests run against: the API test server (the default: fast, runs anywhere, has
 * fault injection and a request log) or a real kube-apiserver with etcd ({@code mvn -B -ntp verify -Preal-apiserver},
 * which sets {@value #PROPERTY}={@value #REAL}). {@link OperatorHarness} hides which one runs; a test that needs what
 * only one has asks the harness, which skips it on the other with the reason.
 */
interface Backend extends AutoCloseable {

  String PROPERTY = "exposedapp.test.backend";
  String REAL = "real-apiserver";

  static boolean realApiServerSelected() {
    return REAL.equals(System.getProperty(PROPERTY));
  }

  /** Starts the selected backend, with the CRDs of {@code crds} installed as a user would. */
  static Backend start(PortRange nodePortRange, Path crds) {
    return realApiServerSelected() ? RealApiServerBackend.start(nodePortRange, crds)
        : ApiTestServerBackend.start(nodePortRange, crds);
  }

  /** A client configuration with the administrator's credentials. */
  Config adminConfig();

  /**
   * The Kubernetes minor version whose behaviour the server has: the version of the real one, 26 for the API test
   * server (it emulates kube-apiserver 1.26 where the operator depends on it). For the few answers that changed
   * between the versions the tier runs.
   */
  int kubernetesMinor();

  /** Writes a kubeconfig with the administrator's credentials, for tools such as kubectl. */
  java.nio.file.Path writeKubeconfig(java.nio.file.Path file);

  /** The API test server, when that is the backend. */
  Optional<ApiTestServer> apiTestServer();

  /** Whether deleted owners take their dependents with them (kube-api-test runs no kube-controller-manager). */
  boolean collectsGarbage();

  String describe();

  @Override
  void close();
}
