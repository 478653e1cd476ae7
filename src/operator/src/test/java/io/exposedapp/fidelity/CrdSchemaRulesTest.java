package io.exposedapp.fidelity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * What kube-apiserver refuses in a CRD's schema, on both backends. Found by the real-apiserver tier: the first
 * NodePortPool CRD keyed a status list by a property that was neither required nor defaulted, which the API test
 * server stored and kube-apiserver refused.
 */
@Tag("real-apiserver")
class CrdSchemaRulesTest {

  @RegisterExtension
  static final OperatorHarness api = OperatorHarness.apiServerOnly();

  private static CustomResourceDefinition crd(String itemsRequired) {
    return Serialization.unmarshal("""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: gadgets.fidelity.example.com}
        spec:
          group: fidelity.example.com
          scope: Cluster
          names: {kind: Gadget, plural: gadgets, singular: gadget}
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema:
                  type: object
                  properties:
                    status:
                      type: object
                      properties:
                        parts:
                          type: array
                          x-kubernetes-list-type: map
                          x-kubernetes-list-map-keys: [name]
                          items:
                            type: object
                            %s
                            properties:
                              name: {type: string}
        """.formatted(itemsRequired), CustomResourceDefinition.class);
  }

  @Test
  void aListMapKeyThatIsNeitherRequiredNorDefaultedIsRefusedWithTheRealServersMessage() {
    assertThatThrownBy(() -> api.client().resource(crd("")).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getMessage()).isEqualTo("CustomResourceDefinition.apiextensions.k8s.io "
              + "\"gadgets.fidelity.example.com\" is invalid: spec.validation.openAPIV3Schema.properties[status]"
              + ".properties[parts].items.properties[name].default: Required value: this property is in "
              + "x-kubernetes-list-map-keys, so it must have a default or be a required property");
        });
  }

  @Test
  void aRequiredListMapKeyIsAccepted() {
    CustomResourceDefinition created = api.client().resource(crd("required: [name]")).create();
    assertThat(created.getMetadata().getUid()).isNotBlank();
    api.client().resource(created).delete();
  }
}
