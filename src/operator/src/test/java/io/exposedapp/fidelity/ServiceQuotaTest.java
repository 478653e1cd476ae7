package io.exposedapp.fidelity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.exposedapp.testing.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** ResourceQuota on Services, refused as kube-apiserver's quota admission refuses them (v1.26 wording). */
@Tag("real-apiserver")
class ServiceQuotaTest {

  @RegisterExtension
  static final OperatorHarness api = OperatorHarness.apiServerOnly();

  @BeforeAll
  static void aNamespaceWithTwoNodePortsOfQuota() {
    api.client().resource(new NamespaceBuilder().withNewMetadata().withName("capped").endMetadata().build()).create();
    var quota = api.client().resource(new ResourceQuotaBuilder().withNewMetadata().withName("np")
        .withNamespace("capped").endMetadata().withNewSpec().addToHard("services.nodeports", new Quantity("2"))
        .endSpec().build()).create();
    // what kube-controller-manager's quota controller writes, which kube-apiserver's admission reads
    api.client().resource(new ResourceQuotaBuilder(quota).withNewStatus()
        .addToHard("services.nodeports", new Quantity("2")).addToUsed("services.nodeports", new Quantity("0"))
        .endStatus().build()).updateStatus();
  }

  private static Service service(String name, String type, int ports) {
    ServiceBuilder b = new ServiceBuilder().withNewMetadata().withName(name).withNamespace("capped").endMetadata()
        .withNewSpec().withType(type).endSpec();
    for (int i = 0; i < ports; i++) {
      b.editSpec().addNewPort().withName("p" + i).withPort(80 + i).endPort().endSpec();
    }
    return b.build();
  }

  @Test
  void nodePortsBeyondTheQuotaAreRefusedWithTheRealMessageAndOtherServicesAreNot() {
    api.client().resource(service("first", "NodePort", 1)).create();
    assertThatThrownBy(() -> api.client().resource(service("second", "NodePort", 2)).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(403);
          assertThat(e.getStatus().getReason()).isEqualTo("Forbidden");
          assertThat(e.getStatus().getMessage()).isEqualTo("services \"second\" is forbidden: exceeded quota: np, "
              + "requested: services.nodeports=2, used: services.nodeports=1, limited: services.nodeports=2");
        });
    assertThat(api.client().resource(service("internal", "ClusterIP", 3)).create()).isNotNull();
    assertThat(api.client().resource(service("second", "NodePort", 1)).create()).as("what still fits").isNotNull();
  }
}
