package io.exposedapp.fidelity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The legacy class annotation next to {@code spec.ingressClassName}: refused when an Ingress is created, accepted when
 * an existing one gets the field (what adopting a legacy ALB Ingress does), as kube-apiserver 1.26 validates it,
 * and in its words (the kind is qualified with the group the Ingress registry started in, "extensions").
 */
@Tag("real-apiserver")
class IngressClassAnnotationTest {

  @RegisterExtension
  static final OperatorHarness api = OperatorHarness.apiServerOnly();

  @BeforeAll
  static void aNamespace() {
    api.client().resource(new NamespaceBuilder().withNewMetadata().withName("legacy").endMetadata().build()).create();
  }

  private static Ingress ingress(String name, String className) {
    return new IngressBuilder().withNewMetadata().withName(name).withNamespace("legacy")
        .addToAnnotations("kubernetes.io/ingress.class", "alb").endMetadata()
        .withNewSpec().withIngressClassName(className).withNewDefaultBackend().withNewService().withName("web")
        .withNewPort().withNumber(80).endPort().endService().endDefaultBackend().endSpec().build();
  }

  @Test
  void before127CreatingAnIngressWithBothIsRefusedWithTheRealMessage() {
    Assumptions.assumeTrue(api.kubernetesMinor() < 27, "from Kubernetes 1.27 both may be set when they match "
        + "(kubernetes/kubernetes#115447); this server is 1." + api.kubernetesMinor());
    assertThatThrownBy(() -> api.client().resource(ingress("both", "alb")).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getMessage()).isEqualTo("Ingress.extensions \"both\" is invalid: "
              + "annotations.kubernetes.io/ingress.class: Invalid value: \"alb\": can not be set when the class "
              + "field is also set");
        });
  }

  @Test
  void from127CreatingAnIngressWithBothIsAcceptedWhenTheyMatchAndRefusedWhenTheyDiffer() {
    Assumptions.assumeTrue(api.kubernetesMinor() >= 27, "before Kubernetes 1.27 both are refused on create (the "
        + "other test); this server is 1." + api.kubernetesMinor());
    assertThat(api.client().resource(ingress("matching", "alb")).create().getSpec().getIngressClassName())
        .isEqualTo("alb");
    assertThatThrownBy(() -> api.client().resource(ingress("differing", "nginx")).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getMessage()).isEqualTo("Ingress.networking.k8s.io \"differing\" is invalid: "
              + "annotations.kubernetes.io/ingress.class: Invalid value: \"alb\": must match `ingressClassName` "
              + "when both are specified");
        });
  }

  @Test
  void anExistingIngressWithTheAnnotationMayGetTheClassField() {
    api.client().resource(ingress("migrating", null)).create();

    Ingress updated = api.client().network().v1().ingresses().inNamespace("legacy").withName("migrating")
        .edit(i -> new IngressBuilder(i).editSpec().withIngressClassName("alb").endSpec().build());

    assertThat(updated.getSpec().getIngressClassName()).isEqualTo("alb");
    assertThat(updated.getMetadata().getAnnotations()).containsEntry("kubernetes.io/ingress.class", "alb");
  }
}
