package io.exposedapp.nlb;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.UpstreamCrds;

/**
 * The NLB and binding scenarios on the AWS Load Balancer Controller v3.5.0's own TargetGroupBinding CRD, unchanged:
 * the real server checks what the operator writes against its schema.
 */
@Tag("real-apiserver")
class NlbOnLbc350CrdsTest extends NlbScenarios {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness().withCrds(() -> UpstreamCrds.of(UpstreamCrds.LBC_V3_5_0)
      .stream().filter(crd -> crd.getMetadata().getName().equals("targetgroupbindings.elbv2.k8s.aws")).toList());

  @Override
  OperatorHarness op() {
    return op;
  }
}
