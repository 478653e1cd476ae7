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

  /** A CRD of a group of the Kubernetes project, with this annotation (none when null). */
  private static CustomResourceDefinition protectedGroupCrd(String group, String approval) {
    CustomResourceDefinition crd = Serialization.unmarshal("""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.%s}
        spec:
          group: %s
          scope: Namespaced
          names: {kind: Widget, plural: widgets, singular: widget}
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """.formatted(group, group), CustomResourceDefinition.class);
    if (approval != null) {
      crd.getMetadata().setAnnotations(java.util.Map.of("api-approved.kubernetes.io", approval));
    }
    return crd;
  }

  /**
   * Found by the real-apiserver tier: the Gateway API CRDs the tests derive from fabric8's model lacked the approval
   * annotation of a *.k8s.io group, which the API test server stored and kube-apiserver refused.
   */
  @Test
  void aKubernetesProjectGroupWithoutTheApprovalAnnotationIsRefusedWithTheRealServersMessage() {
    assertThatThrownBy(() -> api.client().resource(protectedGroupCrd("refused.fidelity.k8s.io", null)).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getMessage()).isEqualTo("CustomResourceDefinition.apiextensions.k8s.io "
              + "\"widgets.refused.fidelity.k8s.io\" is invalid: metadata.annotations[api-approved.kubernetes.io]: "
              + "Required value: protected groups must have approval annotation \"api-approved.kubernetes.io\", "
              + "see https://github.com/kubernetes/enhancements/pull/1111");
        });
  }

  @Test
  void aKubernetesProjectGroupWithAnApprovalUrlOrAnUnapprovedReasonIsAccepted() {
    CustomResourceDefinition approved = api.client().resource(protectedGroupCrd("approved.fidelity.k8s.io",
        "https://github.com/kubernetes-sigs/gateway-api/pull/4530")).create();
    CustomResourceDefinition unapproved = api.client().resource(protectedGroupCrd("unapproved.fidelity.k8s.io",
        "unapproved, experimental")).create();
    assertThat(approved.getMetadata().getUid()).isNotBlank();
    assertThat(unapproved.getMetadata().getUid()).isNotBlank();
    api.client().resource(approved).delete();
    api.client().resource(unapproved).delete();
  }
}
