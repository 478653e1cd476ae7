package io.exposedapp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.lbc.LbcApi;
import io.exposedapp.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Discovery of the gateway APIs, on both API servers: LBC's kinds served as v1beta1 only (LBC v2.13 to v3.4), then as
 * v1 with v1beta1 (LBC v3.5 on), where v1 is preferred.
 */
@Tag("real-apiserver")
class ServedGatewayApisTest {

  @RegisterExtension
  static final OperatorHarness api = OperatorHarness.apiServerOnly().withCrds(() -> {
    List<HasMetadata> crds = new ArrayList<>(DerivedGatewayCrds.gatewayApi());
    crds.addAll(DerivedGatewayCrds.lbc(LbcApi.V1BETA1));
    return crds;
  });

  @Test
  void v1beta1AloneIsUsedAndV1IsPreferredOnceServed() {
    assertThat(ServedGatewayApis.discover(api.client()))
        .isEqualTo(new ServedGatewayApis(true, Optional.of(LbcApi.V1BETA1)));

    api.installCrds(DerivedGatewayCrds.lbc(LbcApi.V1, LbcApi.V1BETA1));

    assertThat(ServedGatewayApis.discover(api.client())).isEqualTo(new ServedGatewayApis(true,
        Optional.of(LbcApi.V1)));
  }

  @Test
  void whatIsMissingIsNamedWithWhatToInstall() {
    assertThat(ServedGatewayApis.NONE.missing()).hasValueSatisfying(m -> assertThat(m)
        .contains("Gateway API CRDs", "gateway.k8s.aws", "no restart needed"));
    assertThat(new ServedGatewayApis(true, Optional.empty()).missing()).hasValueSatisfying(m -> assertThat(m)
        .doesNotContain("Gateway API CRDs").contains("AWS Load Balancer Controller"));
    assertThat(new ServedGatewayApis(true, Optional.of(LbcApi.V1)).missing()).isEmpty();
  }
}
