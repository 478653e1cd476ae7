package io.exposedapp.gateway;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.lbc.LbcApi;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.UpstreamCrds;

/**
 * The gateway scenarios on the projects' own CRDs, unchanged: Gateway API v1.6.1 (standard channel) and the AWS Load
 * Balancer Controller v3.0.0 ({@code gateway.k8s.aws} v1beta1 only, as LBC v2.13 to v3.4): the operator writes
 * v1beta1, and
 * the real server checks it against their schemas and CEL rules.
 */
@Tag("real-apiserver")
class GatewayOnLbc300CrdsTest extends GatewayScenarios {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness().withCrds(() -> UpstreamCrds.of(
      UpstreamCrds.GATEWAY_API_V1_6_1, UpstreamCrds.LBC_V3_0_0));

  @Override
  OperatorHarness op() {
    return op;
  }

  @Override
  LbcApi expectedLbcVersion() {
    return LbcApi.V1BETA1;
  }
}
