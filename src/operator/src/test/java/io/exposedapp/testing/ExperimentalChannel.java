package io.exposedapp.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Gateway API v1.6.1's experimental channel installed over the standard one the way its release says a user does: the
 * standard channel's {@code safe-upgrades} ValidatingAdmissionPolicy refuses experimental CRDs over standard ones, so
 * it is deleted first, then the experimental CRDs are applied (server-side). Before deleting it, the refusal itself is
 * shown where the server serves admission policies ({@code admissionregistration.k8s.io/v1}, Kubernetes 1.30 on).
 *
 * <p>What a server refuses of the channel is left out, each for its reason (the shared folder's README measures them):
 * TLSRoute before Kubernetes 1.31 (its CEL uses the IP library), the policy itself where the kind is not served, and
 * the {@code gateway.networking.x-k8s.io} kinds, which no test uses (XBackend's CEL needs a newer Kubernetes).
 */
public final class ExperimentalChannel {

  private ExperimentalChannel() {
  }

  /** Installs the channel on the harness's server, after the standard channel (installed as its CRDs). */
  public static void installOverStandard(OperatorHarness op) {
    boolean policiesServed = servesAdmissionPolicies(op);
    List<HasMetadata> policy = UpstreamCrds.files(UpstreamCrds.GATEWAY_API_V1_6_1_EXPERIMENTAL,
        name -> name.contains("vap_safeupgrades"));
    List<HasMetadata> experimental = UpstreamCrds.files(UpstreamCrds.GATEWAY_API_V1_6_1_EXPERIMENTAL,
        name -> name.startsWith("gateway.networking.k8s.io_") && !name.contains("vap_safeupgrades"));
    if (policiesServed) {
      // what the standard channel's install brings along
      policy.forEach(object -> op.client().resource(object).forceConflicts().serverSideApply());
      CustomResourceDefinition gateways = (CustomResourceDefinition) experimental.stream()
          .filter(o -> o.getMetadata().getName().equals("gateways.gateway.networking.k8s.io")).findFirst()
          .orElseThrow();
      // dry runs: the policy reaches admission asynchronously, and a write let through before would be for good
      Waits.await().untilAsserted(() -> assertThatThrownBy(() -> op.client().resource(gateways).dryRun()
          .forceConflicts().serverSideApply())
          .as("the safe-upgrades policy refuses experimental CRDs over standard ones")
          .hasMessageContaining("Installing experimental CRDs on top of standard channel CRDs is prohibited"));
      op.client().admissionRegistration().v1().validatingAdmissionPolicyBindings()
          .withName(UpstreamCrds.SAFE_UPGRADES).delete();
      op.client().admissionRegistration().v1().validatingAdmissionPolicies().withName(UpstreamCrds.SAFE_UPGRADES)
          .delete();
    }
    List<HasMetadata> accepted = experimental.stream()
        .filter(crd -> op.kubernetesMinor() >= 31 || op.onApiTestServer()
            || !crd.getMetadata().getName().equals("tlsroutes.gateway.networking.k8s.io"))
        .toList();
    // the policy deleted just now may still be enforced for a moment: its removal reaches admission asynchronously
    Waits.await().ignoreException(KubernetesClientException.class).untilAsserted(() -> op.installCrds(accepted));
    assertThat(accepted).as("the layer-4 routes of the channel").extracting(o -> o.getMetadata().getName())
        .contains("tcproutes.gateway.networking.k8s.io", "udproutes.gateway.networking.k8s.io");
  }

  private static boolean servesAdmissionPolicies(OperatorHarness op) {
    APIResourceList resources = op.client().getApiResources("admissionregistration.k8s.io/v1");
    return resources != null && resources.getResources().stream()
        .anyMatch(r -> "validatingadmissionpolicies".equals(r.getName()));
  }
}
