package io.exposedapp.fidelity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.exposedapp.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * What the NodePortPool CRD's schema refuses, as a table of mutations of one valid pool, with kube-apiserver's exact
 * messages: on both backends, so that the API test server answers as kube-apiserver does. What the schema cannot
 * refuse (overlaps, ranges outside the cluster's range) the operator reports on the pool.
 */
@Tag("real-apiserver")
class NodePortPoolValidationTest {

  @RegisterExtension
  static final OperatorHarness api = OperatorHarness.apiServerOnly();

  private static final ResourceDefinitionContext POOLS = new ResourceDefinitionContext.Builder()
      .withGroup("exposedapp.io").withVersion("v1alpha1").withKind("NodePortPool").withPlural("nodeportpools")
      .withNamespaced(false).build();

  private static final String VALID = """
      apiVersion: exposedapp.io/v1alpha1
      kind: NodePortPool
      metadata: {name: NAME}
      spec:
        ranges: ["30100-30199", "30500-30509"]
        namespaceSelector: {matchLabels: {team: a}}
        priority: 10
        maxPortsPerNamespace: 20
        default: false
      """;

  private static GenericKubernetesResource create(String name, UnaryOperator<ObjectNode> mutation) {
    ObjectNode pool = Serialization.unmarshal(VALID.replace("NAME", name), ObjectNode.class);
    mutation.apply((ObjectNode) pool.get("spec"));
    return api.client().genericKubernetesResources(POOLS)
        .resource(Serialization.unmarshal(pool.toString(), GenericKubernetesResource.class)).create();
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("no-ranges", (UnaryOperator<ObjectNode>) s -> {
          s.remove("ranges");
          return s;
        }, "NodePortPool.exposedapp.io \"no-ranges\" is invalid: spec.ranges: Required value"),
        Arguments.of("empty-ranges", (UnaryOperator<ObjectNode>) s -> {
          s.putArray("ranges");
          return s;
        }, "NodePortPool.exposedapp.io \"empty-ranges\" is invalid: spec.ranges: Invalid value: 0: spec.ranges in "
            + "body should have at least 1 items"),
        Arguments.of("single-port", (UnaryOperator<ObjectNode>) s -> {
          s.putArray("ranges").add("30100");
          return s;
        }, "NodePortPool.exposedapp.io \"single-port\" is invalid: spec.ranges[0]: Invalid value: \"30100\": "
            + "spec.ranges[0] in body should match '^[0-9]{1,5}-[0-9]{1,5}$'"),
        Arguments.of("negative-quota", (UnaryOperator<ObjectNode>) s -> s.put("maxPortsPerNamespace", -1),
            "NodePortPool.exposedapp.io \"negative-quota\" is invalid: spec.maxPortsPerNamespace: Invalid value: -1: "
                + "spec.maxPortsPerNamespace in body should be greater than or equal to 0"),
        Arguments.of("priority-text", (UnaryOperator<ObjectNode>) s -> s.put("priority", "high"),
            "NodePortPool.exposedapp.io \"priority-text\" is invalid: spec.priority: Invalid value: \"string\": "
                + "spec.priority in body must be of type integer: \"string\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void anInvalidPoolIsRefusedWithTheRealServersMessage(String name, UnaryOperator<ObjectNode> mutation,
      String message) {
    assertThatThrownBy(() -> create(name, mutation)).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
      assertThat(e.getCode()).isEqualTo(422);
      assertThat(e.getStatus().getMessage()).isEqualTo(message);
    });
  }

  @Test
  void theValidPoolIsAcceptedClusterScoped() {
    GenericKubernetesResource pool = create("valid", s -> s);
    assertThat(pool.getMetadata().getNamespace()).isNull();
    assertThat(pool.getMetadata().getUid()).isNotBlank();
    api.client().genericKubernetesResources(POOLS).withName("valid").delete();
  }
}
