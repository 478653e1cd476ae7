package io.exposedapp.gateway.l4;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.gateway.DerivedGatewayCrds;
import io.exposedapp.lbc.LbcApi;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.testing.OperatorHarness;

/**
 * A cluster with Gateway API's standard channel and LBC's gateway CRDs but not the experimental channel: an app with
 * an nlbGateway section is told which route kinds are missing, and every other app, HTTP Gateway ones included, is
 * served.
 */
@Tag("real-apiserver")
class L4RoutesMissingTest {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness().withCrds(() -> {
    var crds = new java.util.ArrayList<io.fabric8.kubernetes.api.model.HasMetadata>(DerivedGatewayCrds.gatewayApi());
    crds.addAll(DerivedGatewayCrds.lbc(LbcApi.V1));
    return crds;
  });

  @Test
  void anAppWithAnNlbGatewaySectionIsToldWhichRouteKindsToInstallAndOthersAreServed() {
    String ns = op.newNamespace();
    op.create(NlbGatewayScenarios.app(ns, "wants", "nlbGateway: {routes: [{port: dns}, {port: admin}]}"));
    op.create(NlbGatewayScenarios.app(ns, "http", "gateway: {rules: [{port: admin}]}"));
    op.create(NlbGatewayScenarios.app(ns, "plain", ""));

    ExposedApp wants = op.awaitReason(ns, "wants", ConditionTypes.GATEWAY_READY, Reasons.GATEWAY_API_MISSING);
    assertThat(NlbGatewayScenarios.gatewayMessage(wants)).contains("TCPRoute, UDPRoute", "experimental channel",
        "no restart needed").doesNotContain("TLSRoute");
    assertThat(op.events(ns, "wants", Reasons.GATEWAY_API_MISSING)).hasSize(1);
    op.awaitReason(ns, "http", ConditionTypes.GATEWAY_READY, Reasons.GATEWAY_NOT_PROGRAMMED);
    op.awaitReady(ns, "plain");
  }
}
