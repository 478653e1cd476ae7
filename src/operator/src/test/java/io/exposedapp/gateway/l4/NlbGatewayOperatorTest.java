package io.exposedapp.gateway.l4;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.gateway.DerivedGatewayCrds;
import io.exposedapp.lbc.LbcApi;
import io.exposedapp.testing.OperatorHarness;

/**
 * The nlbGateway scenarios on CRDs derived from the Java model, the layer-4 routes served in v1 and v1alpha2 as
 * Gateway API v1.6's experimental channel serves them: the operator writes v1.
 */
@Tag("real-apiserver")
class NlbGatewayOperatorTest extends NlbGatewayScenarios {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness().withCrds(() -> {
    var crds = new java.util.ArrayList<io.fabric8.kubernetes.api.model.HasMetadata>(DerivedGatewayCrds.gatewayApi());
    crds.addAll(DerivedGatewayCrds.lbc(LbcApi.V1, LbcApi.V1BETA1));
    crds.addAll(DerivedGatewayCrds.l4Routes("v1", "v1alpha2"));
    return crds;
  });

  @Override
  OperatorHarness op() {
    return op;
  }

  @Override
  String expectedRouteVersion() {
    return "v1";
  }
}
