package io.exposedapp.fidelity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * What kube-apiserver does with a LoadBalancer Service's class and health check nodePort, on which turning an app's
 * NLB on and off relies: the class never changes on a LoadBalancer and is forbidden on other types; a type change
 * clears what the new type does not allow where the write left it unchanged (dropTypeDependentFields), nodePorts
 * kept; a health check nodePort only with type LoadBalancer and externalTrafficPolicy Local. In the real messages.
 */
@Tag("real-apiserver")
class ServiceLoadBalancerRulesTest {

  private static final String NS = "lb-rules";

  @RegisterExtension
  static final OperatorHarness api = OperatorHarness.apiServerOnly();

  @BeforeAll
  static void aNamespace() {
    api.client().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
  }

  private static Service loadBalancer(String name, String className, String trafficPolicy) {
    return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .withNewSpec().withType("LoadBalancer").withLoadBalancerClass(className)
        .withExternalTrafficPolicy(trafficPolicy).addNewPort().withName("tcp").withPort(9000).endPort()
        .endSpec().build();
  }

  private static Service update(String name, UnaryOperator<ServiceBuilder> change) {
    Service current = api.client().services().inNamespace(NS).withName(name).get();
    return api.client().resource(change.apply(new ServiceBuilder(current)).build()).update();
  }

  private static void assertRefused(Runnable write, String message) {
    assertThatThrownBy(write::run).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
      assertThat(e.getCode()).isEqualTo(422);
      assertThat(e.getStatus().getMessage()).isEqualTo(message);
    });
  }

  @Test
  void theClassOfALoadBalancerNeverChangesNotEvenFromUnset() {
    api.client().resource(loadBalancer("classed", "example.com/other", null)).create();
    api.client().resource(loadBalancer("classless", null, null)).create();

    assertRefused(() -> update("classed", s -> s.editSpec().withLoadBalancerClass("service.k8s.aws/nlb").endSpec()),
        "Service \"classed\" is invalid: spec.loadBalancerClass: Invalid value: \"service.k8s.aws/nlb\": may not "
            + "change once set");
    assertRefused(() -> update("classless", s -> s.editSpec().withLoadBalancerClass("service.k8s.aws/nlb")
        .endSpec()), "Service \"classless\" is invalid: spec.loadBalancerClass: Invalid value: "
            + "\"service.k8s.aws/nlb\": may not change once set");
  }

  @Test
  void aClassOnAnotherTypeIsForbidden() {
    Service nodePort = new ServiceBuilder(loadBalancer("typed", "service.k8s.aws/nlb", null)).editSpec()
        .withType("NodePort").endSpec().build();

    assertRefused(() -> api.client().resource(nodePort).create(), "Service \"typed\" is invalid: "
        + "spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'");
  }

  @Test
  void turningALocalLoadBalancerIntoANodePortClearsWhatNodePortDoesNotAllowAndKeepsTheNodePorts() {
    Service created = api.client().resource(loadBalancer("switched", "service.k8s.aws/nlb", "Local")).create();
    assertThat(created.getSpec().getHealthCheckNodePort()).isNotNull().isPositive();
    assertThat(created.getSpec().getAllocateLoadBalancerNodePorts()).isTrue();
    int nodePort = created.getSpec().getPorts().get(0).getNodePort();

    Service switched = update("switched", s -> s.editSpec().withType("NodePort").endSpec());

    assertThat(switched.getSpec().getLoadBalancerClass()).isNull();
    assertThat(switched.getSpec().getAllocateLoadBalancerNodePorts()).isNull();
    assertThat(switched.getSpec().getHealthCheckNodePort()).isNull();
    assertThat(switched.getSpec().getPorts().get(0).getNodePort()).isEqualTo(nodePort);
    assertThat(switched.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
  }

  @Test
  void aHealthCheckNodePortOnlyWithLoadBalancerAndLocal() {
    Service cluster = new ServiceBuilder(loadBalancer("checked", "service.k8s.aws/nlb", "Cluster")).editSpec()
        .withHealthCheckNodePort(30999).endSpec().build();

    assertRefused(() -> api.client().resource(cluster).create(), "Service \"checked\" is invalid: "
        + "spec.healthCheckNodePort: Invalid value: 30999: may only be set when `type` is 'LoadBalancer' and "
        + "`externalTrafficPolicy` is 'Local'");
  }
}
