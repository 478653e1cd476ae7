package io.exposedapp.reconciler;

import static io.exposedapp.testing.OperatorHarness.app;
import static io.exposedapp.testing.OperatorHarness.port;
import static io.exposedapp.testing.OperatorHarness.statusNodePort;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.ExposedAppOperator;
import io.exposedapp.api.NodePortPool;
import io.exposedapp.config.OperatorConfig;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.Waits;

/**
 * An operator upgraded before its CRDs: the cluster has the ExposedApp CRD but not yet the NodePortPool CRD. The
 * operator starts, becomes ready and reconciles apps from its range as before pools, instead of failing to watch
 * NodePortPools and never starting.
 */
@Tag("real-apiserver")
class MissingPoolCrdTest {

  @RegisterExtension
  static final OperatorHarness op = OperatorHarness.apiServerOnly();

  @Test
  void withoutTheNodePortPoolCrdTheOperatorStartsReadyAndAllocatesFromItsRange() {
    op.client().apiextensions().v1().customResourceDefinitions().withName(NodePortPool.CRD_NAME).delete();
    Waits.await().until(() -> !op.client().supports(NodePortPool.class));
    String ns = op.newNamespace();
    int health = OperatorHarness.freeLocalPort();

    try (ExposedAppOperator operator = op.newOperator(OperatorConfig.defaults().withPorts(health, 0)).start()) {
      op.create(app(ns, "web", port("http", 80)));

      assertThat(statusNodePort(op.awaitReady(ns, "web"), "http")).isEqualTo(30000);
      Waits.await().until(() -> OperatorHarness.httpStatus(health, "/readyz") == 200);
    }
  }
}
