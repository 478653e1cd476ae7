package io.exposedapp.gateway.l4;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.gateway.DerivedGatewayCrds;
import io.exposedapp.lbc.LbcApi;
import io.exposedapp.testing.OperatorHarness;

/**
 * The nlbGateway scenarios where the layer-4 routes are served in {@code v1alpha2} alone, as every experimental
 * channel before Gateway API v1.6 serves them: the operator writes v1alpha2.
 */
@Tag("real-apiserver")
class NlbGatewayOnV1alpha2RoutesTest extends NlbGatewayScenarios {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness().withCrds(() -> {
    var crds = new java.util.ArrayList<io.fabric8.kubernetes.api.model.HasMetadata>(DerivedGatewayCrds.gatewayApi());
    crds.addAll(DerivedGatewayCrds.lbc(LbcApi.V1));
    crds.addAll(DerivedGatewayCrds.l4Routes("v1alpha2"));
    return crds;
  });

  @Override
  OperatorHarness op() {
    return op;
  }

  @Override
  String expectedRouteVersion() {
    return "v1alpha2";
  }
}
