package io.exposedapp.fidelity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.exposedapp.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * An ExposedApp written against the CRD of {@code crds/}: refused with kube-apiserver's own 422 messages (v1.26),
 * unknown fields pruned, schema defaults applied. Runs on both backends, so the real-apiserver tier checks that the
 * API test server answers as kube-apiserver does.
 */
@Tag("real-apiserver")
class CustomResourceValidationTest {

  @RegisterExtension
  static final OperatorHarness api = OperatorHarness.apiServerOnly();

  private static final ResourceDefinitionContext EXPOSED_APPS = new ResourceDefinitionContext.Builder()
      .withGroup("exposedapp.io").withVersion("v1alpha1").withKind("ExposedApp").withPlural("exposedapps")
      .withNamespaced(true).build();
  private static final String NOT_CHECKED = "<nil>: Invalid value: \"null\": some validation rules were not checked "
      + "because the object was invalid; correct the existing errors to complete validation";

  private static GenericKubernetesResource create(String name, String spec) {
    GenericKubernetesResource app = Serialization.unmarshal("""
        apiVersion: exposedapp.io/v1alpha1
        kind: ExposedApp
        metadata: {name: %s, namespace: default}
        spec: %s
        """.formatted(name, spec), GenericKubernetesResource.class);
    return api.client().genericKubernetesResources(EXPOSED_APPS).inNamespace("default").resource(app).create();
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("group-order", "{selector: {app: a}, ports: [{name: http, port: 80}], ingress: {groupName: g, "
            + "groupOrder: 2000}}", "ExposedApp.exposedapp.io \"group-order\" is invalid: spec.ingress.groupOrder: "
            + "Invalid value: 2000: spec.ingress.groupOrder in body should be less than or equal to 1000"),
        Arguments.of("group-name", "{selector: {app: a}, ports: [{name: http, port: 80}], ingress: {groupName: "
            + "Shared_Group}}", "ExposedApp.exposedapp.io \"group-name\" is invalid: spec.ingress.groupName: Invalid "
            + "value: \"Shared_Group\": spec.ingress.groupName in body should match "
            + "'^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$'"),
        Arguments.of("lb-name", "{selector: {app: a}, ports: [{name: http, port: 80}], ingress: {loadBalancerName: "
            + "this-name-is-much-too-long-for-aws-albs}}", "ExposedApp.exposedapp.io \"lb-name\" is invalid: "
            + "[spec.ingress.loadBalancerName: Too long: may not be longer than 32, " + NOT_CHECKED + "]"),
        Arguments.of("port-string", "{selector: {app: a}, ports: [{name: http, port: eighty}]}",
            "ExposedApp.exposedapp.io \"port-string\" is invalid: [spec.ports[0].port: Invalid value: \"string\": "
                + "spec.ports[0].port in body must be of type integer: \"string\", " + NOT_CHECKED + "]"),
        Arguments.of("port-zero", "{selector: {app: a}, ports: [{name: http, port: 0}]}",
            "ExposedApp.exposedapp.io \"port-zero\" is invalid: spec.ports[0].port: Invalid value: 0: "
                + "spec.ports[0].port in body should be greater than or equal to 1"),
        // an unsupported enum value stops the CEL rules from 1.31 (seen on v1.31.4), not on 1.26 (v1.26.1)
        Arguments.of("protocol", "{selector: {app: a}, ports: [{name: http, port: 80, protocol: HTTP}]}",
            api.kubernetesMinor() >= 31
                ? "ExposedApp.exposedapp.io \"protocol\" is invalid: [spec.ports[0].protocol: Unsupported value: "
                    + "\"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\", " + NOT_CHECKED + "]"
                : "ExposedApp.exposedapp.io \"protocol\" is invalid: spec.ports[0].protocol: Unsupported value: "
                    + "\"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\""),
        Arguments.of("no-selector", "{ports: [{name: http, port: 80}]}",
            "ExposedApp.exposedapp.io \"no-selector\" is invalid: [spec.selector: Required value, " + NOT_CHECKED
                + "]"),
        Arguments.of("no-ports", "{selector: {app: a}, ports: []}",
            "ExposedApp.exposedapp.io \"no-ports\" is invalid: spec.ports: Invalid value: 0: spec.ports in body "
                + "should have at least 1 items"),
        Arguments.of("same-names", "{selector: {app: a}, ports: [{name: http, port: 80}, {name: http, port: 81}]}",
            "ExposedApp.exposedapp.io \"same-names\" is invalid: spec.ports[1]: Duplicate value: "
                + "map[string]interface {}{\"name\":\"http\"}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void anInvalidAppIsRefusedWithTheRealServersMessage(String name, String spec, String message) {
    assertThatThrownBy(() -> create(name, spec)).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
      assertThat(e.getCode()).isEqualTo(422);
      assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
      assertThat(e.getStatus().getMessage()).isEqualTo(message);
    });
  }

  @Test
  void unknownFieldsArePrunedAndSchemaDefaultsApplied() {
    GenericKubernetesResource stored = create("pruned", "{selector: {app: a}, replicas: 3, ports: [{name: http, "
        + "port: 80, hostPort: 8080}]}");
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) stored.getAdditionalProperties().get("spec");
    assertThat(spec).doesNotContainKey("replicas");
    @SuppressWarnings("unchecked")
    Map<String, Object> port = ((java.util.List<Map<String, Object>>) spec.get("ports")).get(0);
    assertThat(port).doesNotContainKey("hostPort").containsEntry("protocol", "TCP");
  }
}
