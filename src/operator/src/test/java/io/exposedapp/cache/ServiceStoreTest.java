package io.exposedapp.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.exposedapp.meta.Labels;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

class ServiceStoreTest {

  private final ServiceStore store = new ServiceStore("exposedapp");

  private static ServiceBuilder whole() {
    return new ServiceBuilder().withNewMetadata().withNamespace("shop").withName("legacy").withUid("u-1")
        .withResourceVersion("7").addToLabels("app", "legacy").addToAnnotations("note", "x".repeat(500))
        .addNewOwnerReference().withKind("Deployment").withName("legacy").withUid("d-1").withController(true)
        .endOwnerReference()
        .withManagedFields(new ManagedFieldsEntryBuilder().withManager("helm").build()).endMetadata()
        .withNewSpec().withType("LoadBalancer").addToSelector("app", "legacy").withClusterIP("10.0.0.7")
        .addNewPort().withName("http").withPort(80).withProtocol("TCP").withTargetPort(new IntOrString(8080))
        .withNodePort(31080).withAppProtocol("http").endPort()
        .withHealthCheckNodePort(31999).withExternalTrafficPolicy("Local").endSpec()
        .withNewStatus().withNewLoadBalancer().addNewIngress().withHostname("lb.example").endIngress()
        .endLoadBalancer().endStatus();
  }

  @Test
  void anotherManagersServiceIsCachedAsOnlyWhatAllocationAndOwnershipRead() {
    store.put("shop/legacy", whole().build());

    Service cached = store.get("shop/legacy");
    Service expected = new ServiceBuilder().withNewMetadata().withNamespace("shop").withName("legacy")
        .withResourceVersion("7").addNewOwnerReference().withKind("Deployment").withName("legacy")
        .withUid("d-1").withController(true).endOwnerReference().endMetadata()
        .withNewSpec().withType("LoadBalancer").addNewPort().withName("http").withPort(80).withProtocol("TCP")
        .withNodePort(31080).endPort().withHealthCheckNodePort(31999).endSpec().build();
    assertThat(cached).isEqualTo(expected);
  }

  @Test
  void theOperatorsOwnServiceIsCachedWholeButForOtherManagersEntries() {
    Service ours = whole().editMetadata().addToLabels(Labels.MANAGED_BY, Labels.OPERATOR)
        .addToManagedFields(new ManagedFieldsEntryBuilder().withManager("exposedapp").build()).endMetadata().build();
    store.put("shop/legacy", ours);

    Service cached = store.get("shop/legacy");
    assertThat(cached.getSpec().getSelector()).containsEntry("app", "legacy");
    assertThat(cached.getMetadata().getAnnotations()).containsKey("note");
    assertThat(cached.getMetadata().getManagedFields()).extracting(e -> e.getManager()).containsExactly("exposedapp");
  }

  @Test
  void aServiceControlledByAnExposedAppIsKeptWholeEvenWithoutTheLabel() {
    Service controlled = whole().editMetadata().withOwnerReferences().addNewOwnerReference().withKind("ExposedApp")
        .withName("legacy").withUid("a-1").withController(true).endOwnerReference().endMetadata().build();
    store.put("shop/legacy", controlled);

    assertThat(store.get("shop/legacy").getSpec().getSelector()).containsEntry("app", "legacy");
  }
}
