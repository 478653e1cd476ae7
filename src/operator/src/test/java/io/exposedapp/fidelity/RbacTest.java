package io.exposedapp.fidelity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.exposedapp.testing.DeployIdentity;
import io.exposedapp.testing.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Authentication by ServiceAccount token and RBAC authorization, answered as kube-apiserver answers them: the
 * messages below are the real server's (v1.26), so that what passes here passes there.
 */
@Tag("real-apiserver")
class RbacTest {

  @RegisterExtension
  static final OperatorHarness api = OperatorHarness.apiServerOnly();

  private static KubernetesClient robot;

  /** ServiceAccount "robot" in "team": list and get configmaps in "team" (Role), list namespaces (ClusterRole). */
  @BeforeAll
  static void aServiceAccountWithARoleAndAClusterRole() {
    KubernetesClient admin = api.client();
    admin.resource(new NamespaceBuilder().withNewMetadata().withName("team").endMetadata().build()).create();
    admin.resource(new ServiceAccountBuilder().withNewMetadata().withName("robot").withNamespace("team")
        .endMetadata().build()).create();
    admin.resource(new RoleBuilder().withNewMetadata().withName("cm-reader").withNamespace("team").endMetadata()
        .addNewRule().withApiGroups("").withResources("configmaps").withVerbs("get", "list").endRule().build())
        .create();
    admin.resource(new RoleBindingBuilder().withNewMetadata().withName("robot-reads").withNamespace("team")
        .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", "cm-reader")
        .addNewSubject().withKind("ServiceAccount").withName("robot").withNamespace("team").endSubject().build())
        .create();
    admin.resource(new ClusterRoleBuilder().withNewMetadata().withName("ns-lister").endMetadata()
        .addNewRule().withApiGroups("").withResources("namespaces").withVerbs("list").endRule().build()).create();
    admin.resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("robot-lists-ns").endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "ns-lister")
        .addNewSubject().withKind("ServiceAccount").withName("robot").withNamespace("team").endSubject().build())
        .create();
    admin.configMaps().inNamespace("team").resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
        .endMetadata().build()).create();
    String token = admin.serviceAccounts().inNamespace("team").withName("robot")
        .tokenRequest(new TokenRequestBuilder().withNewSpec().endSpec().build()).getStatus().getToken();
    robot = client(token);
  }

  /** A client that authenticates with the token only (a real server's admin credentials are client certificates). */
  private static KubernetesClient client(String token) {
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(DeployIdentity.as(api.adminConfig(), token))
        .withRequestRetryBackoffLimit(0).build()).build();
  }

  @Test
  void whatTheRolesGrantIsAllowed() {
    assertThat(robot.configMaps().inNamespace("team").withName("settings").get()).isNotNull();
    assertThat(robot.configMaps().inNamespace("team").list().getItems()).hasSize(1);
    assertThat(robot.namespaces().list().getItems()).isNotEmpty();
  }

  @Test
  void anythingElseIs403WithTheRealServersMessage() {
    assertThatThrownBy(() -> robot.configMaps().inNamespace("team").withName("settings").delete())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(403);
          assertThat(e.getStatus().getReason()).isEqualTo("Forbidden");
          assertThat(e.getStatus().getMessage()).isEqualTo("configmaps \"settings\" is forbidden: User "
              + "\"system:serviceaccount:team:robot\" cannot delete resource \"configmaps\" in API group \"\" in "
              + "the namespace \"team\"");
          assertThat(e.getStatus().getDetails().getName()).isEqualTo("settings");
          assertThat(e.getStatus().getDetails().getKind()).isEqualTo("configmaps");
        });
    assertThatThrownBy(() -> robot.configMaps().inAnyNamespace().list())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
            .isEqualTo("configmaps is forbidden: User \"system:serviceaccount:team:robot\" cannot list resource "
                + "\"configmaps\" in API group \"\" at the cluster scope"));
    assertThatThrownBy(() -> robot.leases().inNamespace("team").withName("l").get())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
            .isEqualTo("leases.coordination.k8s.io \"l\" is forbidden: User \"system:serviceaccount:team:robot\" "
                + "cannot get resource \"leases\" in API group \"coordination.k8s.io\" in the namespace \"team\""));
  }

  @Test
  void aServerSideApplyThatWouldCreateNeedsCreateToo() {
    var grantedPatch = new RoleBuilder().withNewMetadata().withName("cm-patcher").withNamespace("team").endMetadata()
        .addNewRule().withApiGroups("").withResources("configmaps").withVerbs("patch").endRule().build();
    api.client().resource(grantedPatch).create();
    api.client().resource(new RoleBindingBuilder().withNewMetadata().withName("robot-patches").withNamespace("team")
        .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", "cm-patcher")
        .addNewSubject().withKind("ServiceAccount").withName("robot").withNamespace("team").endSubject().build())
        .create();

    assertThat(robot.configMaps().inNamespace("team").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("settings").endMetadata().addToData("k", "v").build()).fieldManager("robot").forceConflicts()
        .serverSideApply().getData()).containsEntry("k", "v");
    assertThatThrownBy(() -> robot.configMaps().inNamespace("team").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("fresh").endMetadata().build()).fieldManager("robot").serverSideApply())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  @Test
  void anUnknownTokenIs401() {
    try (KubernetesClient stranger = client("not-a-token")) {
      assertThatThrownBy(() -> stranger.configMaps().inNamespace("team").list())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(401));
    }
  }

  @Test
  void aTokenRequestForAMissingServiceAccountIs404() {
    assertThatThrownBy(() -> api.client().serviceAccounts().inNamespace("team").withName("ghost")
        .tokenRequest(new TokenRequestBuilder().withNewSpec().endSpec().build()))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  @Test
  void aSelfSubjectRulesReviewListsTheRulesOfTheNamespaceAndTheClusterAndTheBasicUsersOwn() {
    SelfSubjectRulesReview review = robot.resource(new SelfSubjectRulesReviewBuilder().withNewSpec()
        .withNamespace("team").endSpec().build()).create();
    assertThat(review.getStatus().getResourceRules()).extracting(ResourceRule::getResources, ResourceRule::getVerbs)
        .contains(
            org.assertj.core.groups.Tuple.tuple(java.util.List.of("configmaps"), java.util.List.of("get", "list")),
            org.assertj.core.groups.Tuple.tuple(java.util.List.of("namespaces"), java.util.List.of("list")),
            org.assertj.core.groups.Tuple.tuple(java.util.List.of("selfsubjectaccessreviews",
                "selfsubjectrulesreviews"), java.util.List.of("create")));
    SelfSubjectRulesReview elsewhere = robot.resource(new SelfSubjectRulesReviewBuilder().withNewSpec()
        .withNamespace("default").endSpec().build()).create();
    assertThat(elsewhere.getStatus().getResourceRules()).flatExtracting(ResourceRule::getResources)
        .doesNotContain("configmaps");
  }

  @Test
  void aSelfSubjectAccessReviewAnswersForTheRequester() {
    assertThat(access(robot, "team", "get", "configmaps")).isTrue();
    assertThat(access(robot, "team", "delete", "configmaps")).isFalse();
    assertThat(access(robot, "default", "get", "configmaps")).isFalse();
    assertThat(access(api.client(), "default", "delete", "configmaps")).as("the administrator").isTrue();
  }

  private static boolean access(KubernetesClient client, String namespace, String verb, String resource) {
    SelfSubjectAccessReview review = client.resource(new SelfSubjectAccessReviewBuilder().withNewSpec()
        .withNewResourceAttributes().withNamespace(namespace).withVerb(verb).withResource(resource)
        .endResourceAttributes().endSpec().build()).create();
    return review.getStatus().getAllowed();
  }
}
