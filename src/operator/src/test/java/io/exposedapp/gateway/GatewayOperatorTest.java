package io.exposedapp.gateway;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.lbc.LbcApi;
import io.exposedapp.testing.OperatorHarness;

/**
 * The gateway scenarios on CRDs derived from the Java model ({@link DerivedGatewayCrds}), with {@code gateway.k8s.aws}
 * served in v1 and v1beta1 as LBC v3.5 serves it: the operator writes v1.
 */
@Tag("real-apiserver")
class GatewayOperatorTest extends GatewayScenarios {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness().withCrds(() -> {
    var crds = new java.util.ArrayList<io.fabric8.kubernetes.api.model.HasMetadata>(DerivedGatewayCrds.gatewayApi());
    crds.addAll(DerivedGatewayCrds.lbc(LbcApi.V1, LbcApi.V1BETA1));
    return crds;
  });

  @Override
  OperatorHarness op() {
    return op;
  }

  @Override
  LbcApi expectedLbcVersion() {
    return LbcApi.V1;
  }
}
