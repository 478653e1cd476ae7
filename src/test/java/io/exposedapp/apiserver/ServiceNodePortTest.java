package io.exposedapp.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

class ServiceNodePortTest {

  @RegisterExtension
  static final ApiTestServerExtension api = new ApiTestServerExtension(ApiTestServer.builder().seed(7)
      .nodePortRange(30000, 30099));

  private static Service nodePortService(String name, Integer... nodePorts) {
    ServiceBuilder b = new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withType("NodePort").addToSelector("app", name).endSpec();
    for (int i = 0; i < nodePorts.length; i++) {
      b.editSpec().addToPorts(new ServicePortBuilder().withName("p" + i).withPort(80 + i)
          .withNodePort(nodePorts[i]).build()).endSpec();
    }
    return b.build();
  }

  @Test
  void portsWithoutNodePortGetDistinctOnesFromTheConfiguredRange() {
    Service created = api.client().services().resource(nodePortService("auto", null, null, null)).create();
    List<Integer> ports = created.getSpec().getPorts().stream().map(p -> p.getNodePort()).toList();
    assertThat(ports).allSatisfy(p -> assertThat(p).isBetween(30000, 30099));
    assertThat(new HashSet<>(ports)).hasSize(3);
    assertThat(created.getSpec().getClusterIP()).matches("10\\.96\\.\\d+\\.\\d+");
  }

  @Test
  void aNodePortUsedByAServiceInAnotherNamespaceIsRefusedWithTheRealServers422() {
    var client = api.client();
    client.resource(new NamespaceBuilder().withNewMetadata().withName("other").endMetadata().build()).create();
    client.services().inNamespace("other").resource(nodePortService("holder", 30080)).create();

    assertThatThrownBy(() -> client.services().resource(nodePortService("taker", 30080)).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
          assertThat(e.getStatus().getMessage()).isEqualTo("Service \"taker\" is invalid: spec.ports[0].nodePort: "
              + "Invalid value: 30080: provided port is already allocated");
          assertThat(e.getStatus().getDetails().getName()).isEqualTo("taker");
          assertThat(e.getStatus().getDetails().getKind()).isEqualTo("Service");
          var cause = e.getStatus().getDetails().getCauses().get(0);
          assertThat(cause.getReason()).isEqualTo("FieldValueInvalid");
          assertThat(cause.getField()).isEqualTo("spec.ports[0].nodePort");
          assertThat(cause.getMessage()).isEqualTo("Invalid value: 30080: provided port is already allocated");
        });
  }

  @Test
  void aNodePortOutsideTheRangeIsRefusedNamingTheRange() {
    assertThatThrownBy(() -> api.client().services().resource(nodePortService("far", 40000)).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getMessage()).isEqualTo("Service \"far\" is invalid: spec.ports[0].nodePort: "
              + "Invalid value: 40000: provided port is not in the valid range. The range of valid ports is "
              + "30000-30099");
          assertThat(e.getStatus().getDetails().getCauses()).singleElement()
              .satisfies(c -> assertThat(c.getField()).isEqualTo("spec.ports[0].nodePort"));
        });
  }

  @Test
  void theSameNodePortTwiceInOneServiceIsADuplicate() {
    assertThatThrownBy(() -> api.client().services().resource(nodePortService("dup", 30090, 30090)).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getDetails().getCauses()).singleElement().satisfies(c -> {
            assertThat(c.getReason()).isEqualTo("FieldValueDuplicate");
            assertThat(c.getField()).isEqualTo("spec.ports[1].nodePort");
          });
        });
  }

  @Test
  void anUpdateWithoutNodePortsKeepsTheAllocatedOnesAndDeletingTheServiceFreesThem() {
    var client = api.client();
    Service created = client.services().resource(nodePortService("keep", 30050)).create();
    Service edited = client.services().withName("keep").edit(s -> {
      s.getSpec().getPorts().get(0).setNodePort(null);
      s.getMetadata().setResourceVersion(null);
      return s;
    });
    assertThat(edited.getSpec().getPorts().get(0).getNodePort()).isEqualTo(30050);
    assertThat(edited.getSpec().getClusterIP()).isEqualTo(created.getSpec().getClusterIP());

    client.services().withName("keep").delete();
    Service reused = client.services().resource(nodePortService("reuse", 30050)).create();
    assertThat(reused.getSpec().getPorts().get(0).getNodePort()).isEqualTo(30050);
  }

  @Test
  void changingTheTypeToClusterIpClearsTheNodePortsItHad() {
    var client = api.client();
    client.services().resource(nodePortService("demote", 30060)).create();
    Service demoted = client.services().withName("demote").edit(s -> {
      s.getSpec().setType("ClusterIP");
      return s;
    });
    assertThat(demoted.getSpec().getPorts().get(0).getNodePort()).isNull();
    Service taker = client.services().resource(nodePortService("after-demote", 30060)).create();
    assertThat(taker.getSpec().getPorts().get(0).getNodePort()).isEqualTo(30060);
  }

  @Test
  void theWholeRangeCanBeAllocatedWithoutADuplicateAndThenTheNextAutoAllocationFails() {
    var client = api.client();
    client.resource(new NamespaceBuilder().withNewMetadata().withName("fill").endMetadata().build()).create();
    Set<Integer> seen = new HashSet<>();
    client.services().inAnyNamespace().list().getItems().forEach(s -> s.getSpec().getPorts().forEach(p -> {
      if (p.getNodePort() != null) {
        seen.add(p.getNodePort());
      }
    }));
    int free = 100 - seen.size();
    for (int i = 0; i < free; i++) {
      Service s = client.services().inNamespace("fill").resource(nodePortService("fill-" + i, (Integer) null))
          .create();
      assertThat(seen.add(s.getSpec().getPorts().get(0).getNodePort())).isTrue();
    }
    assertThat(seen).hasSize(100).allSatisfy(p -> assertThat(p).isBetween(30000, 30099));
    assertThatThrownBy(() -> client.services().inNamespace("fill").resource(nodePortService("one-too-many",
        (Integer) null)).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(500));
    client.namespaces().withName("fill").delete();
  }
}
