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

  /**
   * A port of the range that no Service holds now. The tests share one server and one range, and another test
   * allocates at random or fills the range, so no test may assume a fixed port is free.
   */
  private static int freeNodePort() {
    Set<Integer> used = new HashSet<>();
    api.client().services().inAnyNamespace().list().getItems().forEach(s -> s.getSpec().getPorts().forEach(p -> {
      if (p.getNodePort() != null) {
        used.add(p.getNodePort());
      }
    }));
    for (int port = 30000; port <= 30099; port++) {
      if (!used.contains(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free nodePort left in 30000-30099");
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
    int port = freeNodePort();
    client.services().inNamespace("other").resource(nodePortService("holder", port)).create();

    assertThatThrownBy(() -> client.services().resource(nodePortService("taker", port)).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
          assertThat(e.getStatus().getMessage()).isEqualTo("Service \"taker\" is invalid: spec.ports[0].nodePort: "
              + "Invalid value: " + port + ": provided port is already allocated");
          assertThat(e.getStatus().getDetails().getName()).isEqualTo("taker");
          assertThat(e.getStatus().getDetails().getKind()).isEqualTo("Service");
          var cause = e.getStatus().getDetails().getCauses().get(0);
          assertThat(cause.getReason()).isEqualTo("FieldValueInvalid");
          assertThat(cause.getField()).isEqualTo("spec.ports[0].nodePort");
          assertThat(cause.getMessage()).isEqualTo("Invalid value: " + port + ": provided port is already allocated");
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
    int port = freeNodePort();
    assertThatThrownBy(() -> api.client().services().resource(nodePortService("dup", port, port)).create())
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
    int port = freeNodePort();
    Service created = client.services().resource(nodePortService("keep", port)).create();
    Service edited = client.services().withName("keep").edit(s -> {
      s.getSpec().getPorts().get(0).setNodePort(null);
      s.getMetadata().setResourceVersion(null);
      return s;
    });
    assertThat(edited.getSpec().getPorts().get(0).getNodePort()).isEqualTo(port);
    assertThat(edited.getSpec().getClusterIP()).isEqualTo(created.getSpec().getClusterIP());

    client.services().withName("keep").delete();
    Service reused = client.services().resource(nodePortService("reuse", port)).create();
    assertThat(reused.getSpec().getPorts().get(0).getNodePort()).isEqualTo(port);
  }

  @Test
  void changingTheTypeToClusterIpClearsTheNodePortsItHad() {
    var client = api.client();
    int port = freeNodePort();
    client.services().resource(nodePortService("demote", port)).create();
    Service demoted = client.services().withName("demote").edit(s -> {
      s.getSpec().setType("ClusterIP");
      return s;
    });
    assertThat(demoted.getSpec().getPorts().get(0).getNodePort()).isNull();
    Service taker = client.services().resource(nodePortService("after-demote", port)).create();
    assertThat(taker.getSpec().getPorts().get(0).getNodePort()).isEqualTo(port);
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
    // namespace deletion is asynchronous, as on the real server: give the range back before the next test runs
    client.namespaces().withName("fill").delete();
    org.awaitility.Awaitility.await().atMost(ApiTestServerExtension.WAIT)
        .until(() -> client.services().inNamespace("fill").list().getItems().isEmpty());
  }
}
