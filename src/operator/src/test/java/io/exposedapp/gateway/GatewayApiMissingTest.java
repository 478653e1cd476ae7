package io.exposedapp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.status.Conditions;
import io.exposedapp.testing.OperatorHarness;

/**
 * A cluster without the Gateway API's and LBC's CRDs (only crds/ installed): the operator starts, serves every app
 * without a gateway section, and reports what to install on an app with one.
 */
@Tag("real-apiserver")
class GatewayApiMissingTest {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness();

  @Test
  void anAppWithAGatewaySectionIsToldWhatToInstallAndOthersAreServed() {
    String ns = op.newNamespace();
    op.create(GatewayScenarios.app(ns, "wants", "gateway: {}"));
    op.create(GatewayScenarios.app(ns, "plain", ""));

    ExposedApp wants = op.awaitReason(ns, "wants", ConditionTypes.GATEWAY_READY, Reasons.GATEWAY_API_MISSING);
    assertThat(GatewayScenarios.gatewayMessage(wants)).contains("Gateway API CRDs", "gateway.k8s.aws",
        "no restart needed");
    assertThat(Conditions.isTrue(wants.getStatus().conditions(), ConditionTypes.SERVICE_READY)).isTrue();
    assertThat(op.events(ns, "wants", Reasons.GATEWAY_API_MISSING)).hasSize(1);
    op.awaitReady(ns, "plain");
  }
}
