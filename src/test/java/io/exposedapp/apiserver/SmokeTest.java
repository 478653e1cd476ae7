package io.exposedapp.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

class SmokeTest {
  @Test
  void smoke() {
    try (ApiTestServer server = ApiTestServer.builder().build()) {
      server.start();
      try (KubernetesClient client = server.newClient()) {
        var svc = client.services().resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
            .withNewSpec().withType("NodePort").addNewPort().withPort(80).endPort().endSpec().build()).create();
        System.out.println(svc);
        assertThat(svc.getSpec().getPorts().get(0).getNodePort()).isBetween(30000, 32767);
        System.out.println(client.services().inAnyNamespace().list().getItems().size());
        var applied = client.services().resource(new ServiceBuilder().withNewMetadata().withName("web2").endMetadata()
            .withNewSpec().withType("NodePort").addNewPort().withPort(80).endPort().endSpec().build()).fieldManager("me").forceConflicts().serverSideApply();
        System.out.println(applied);
      }
    }
  }
}
