package io.exposedapp.gateway.l4;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.testing.ExperimentalChannel;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.UpstreamCrds;

/**
 * The nlbGateway scenarios on the projects' own CRDs, unchanged: Gateway API v1.6.1's standard channel, then its
 * experimental channel installed over it as a user does (the safe-upgrades admission policy removed first), and the
 * AWS Load Balancer Controller v3.5.0's gateway CRDs. The operator writes v1, and a real server checks every route,
 * Gateway and configuration against their schemas and CEL rules.
 */
@Tag("real-apiserver")
class NlbGatewayOnExperimentalCrdsTest extends NlbGatewayScenarios {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness()
      .withCrds(() -> UpstreamCrds.of(UpstreamCrds.GATEWAY_API_V1_6_1, UpstreamCrds.LBC_V3_5_0))
      .withSetup(ExperimentalChannel::installOverStandard);

  @Override
  OperatorHarness op() {
    return op;
  }

  @Override
  String expectedRouteVersion() {
    return "v1";
  }
}
