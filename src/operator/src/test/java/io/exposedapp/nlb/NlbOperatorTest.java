package io.exposedapp.nlb;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.gateway.DerivedGatewayCrds;
import io.exposedapp.testing.OperatorHarness;

/** The NLB and binding scenarios with the TargetGroupBinding CRD derived from the operator's model. */
@Tag("real-apiserver")
class NlbOperatorTest extends NlbScenarios {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness().withCrds(DerivedGatewayCrds::targetGroupBinding);

  @Override
  OperatorHarness op() {
    return op;
  }
}
