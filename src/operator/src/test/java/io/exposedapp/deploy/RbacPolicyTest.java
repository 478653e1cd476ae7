package io.exposedapp.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.exposedapp.deploy.RbacPolicy.Grant;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;

/** The RBAC of deploy/ against the operator's contract, and RbacPolicy's own request mapping and evaluation. */
class RbacPolicyTest {

  private static final String NS = "exposedapp-system";
  private static final DeployManifests MANIFESTS = DeployManifests.load();
  private static final RbacPolicy POLICY = RbacPolicy.load();

  // ---- the request -> permission mapping -------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} {1} -> {2} {3}/{4} in {5}")
  @CsvSource(nullValues = "-", value = {
      "GET,    /api/v1/namespaces/x/services?watch=true,          '', services, watch, x",
      "GET,    /api/v1/namespaces/x/services,                     '', services, list, x",
      "GET,    /api/v1/namespaces/x/services?watch=false,         '', services, list, x",
      "GET,    /api/v1/namespaces/x/services/web,                 '', services, get, x",
      "HEAD,   /api/v1/namespaces/x/services/web,                 '', services, get, x",
      "POST,   /api/v1/namespaces/x/services,                     '', services, create, x",
      "PUT,    /api/v1/namespaces/x/services/web,                 '', services, update, x",
      "PATCH,  /api/v1/namespaces/x/services/web?fieldManager=exposedapp&force=true, '', services, patch, x",
      "DELETE, /api/v1/namespaces/x/services/web,                 '', services, delete, x",
      "DELETE, /api/v1/namespaces/x/services,                     '', services, deletecollection, x",
      "get,    /api/v1/namespaces/x/services/web,                 '', services, get, x",
      "GET,    /api/v1/services,                                  '', services, list, -",
      "GET,    /api/v1/services?resourceVersion=0&watch=1,        '', services, watch, -",
      "GET,    /api/v1/watch/namespaces/x/services,               '', services, watch, x",
      "GET,    /api/v1/watch/namespaces/x/services/web,           '', services, watch, x",
      "GET,    /api/v1/watch/services,                            '', services, watch, -",
      "PATCH,  /api/v1/namespaces/x/services/web/status,          '', services/status, patch, x",
      "PATCH,  /apis/exposedapp.io/v1alpha1/namespaces/x/exposedapps/web/status, exposedapp.io, exposedapps/status, patch, x",
      "PUT,    /apis/exposedapp.io/v1alpha1/namespaces/x/exposedapps/web/status, exposedapp.io, exposedapps/status, update, x",
      "GET,    /apis/exposedapp.io/v1alpha1/exposedapps?watch=true&allowWatchBookmarks=true, exposedapp.io, exposedapps, watch, -",
      "GET,    /apis/networking.k8s.io/v1/namespaces/x/ingresses/web, networking.k8s.io, ingresses, get, x",
      "POST,   /apis/coordination.k8s.io/v1/namespaces/x/leases,  coordination.k8s.io, leases, create, x",
      "POST,   /api/v1/namespaces/x/pods/p/eviction,              '', pods/eviction, create, x",
      "GET,    /api/v1/namespaces,                                '', namespaces, list, -",
      "GET,    /api/v1/namespaces/x,                              '', namespaces, get, x",
      "PUT,    /api/v1/namespaces/x/finalize,                     '', namespaces/finalize, update, x",
      "GET,    /api/v1/nodes/n1,                                  '', nodes, get, -",
      "GET,    /apis/apiextensions.k8s.io/v1/customresourcedefinitions/exposedapps.exposedapp.io, apiextensions.k8s.io, customresourcedefinitions, get, -",
      "GET,    https://10.96.0.1:443/api/v1/namespaces/x/services/web, '', services, get, x",
  })
  void mapsResourceRequestsToTheVerbTheApiServerAuthorizes(String method, String uri, String group, String resource,
      String verb, String namespace) {
    assertThat(RbacPolicy.fromRequest(method, uri)).contains(new Grant(group, resource, verb, namespace));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/version", "/api", "/api/v1", "/apis", "/apis/exposedapp.io",
      "/apis/exposedapp.io/v1alpha1", "/openapi/v3", "/openapi/v3/api/v1", "/healthz", "/livez", "/readyz",
      "/metrics", "/"})
  void nonResourceUrlsAndDiscoveryMapToNothing(String uri) {
    assertThat(RbacPolicy.fromRequest("GET", uri)).isEmpty();
  }

  @Test
  void unknownMethodsMapToNothing() {
    assertThat(RbacPolicy.fromRequest("OPTIONS", "/api/v1/namespaces/x/services")).isEmpty();
  }

  // ---- deploy/: what it must never grant (what it must grant is RecordedRequestsRbacTest, from a live run) -----

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvFileSource(resources = "/deploy/forbidden-requests.csv")
  void forbidsWhatTheOperatorDoesNotNeed(String method, String uri, String why) {
    Grant request = RbacPolicy.fromRequest(method, uri).orElseThrow();
    assertThat(POLICY.allows(request)).as("%s %s (%s) must be forbidden: %s", method, uri, request, why).isFalse();
  }

  @Test
  void leasesAreGrantedOnlyInTheOperatorNamespace() {
    assertThat(POLICY.namespace()).isEqualTo(NS);
    assertThat(POLICY.grants()).filteredOn(g -> g.resource().equals("leases"))
        .isNotEmpty()
        .allSatisfy(g -> assertThat(g.namespace()).as("scope of %s", g).isEqualTo(NS));
    for (String verb : List.of("get", "create", "patch", "update")) {
      assertThat(POLICY.allows("coordination.k8s.io", "leases", verb, NS)).as(verb + " leases in " + NS).isTrue();
      assertThat(POLICY.allows("coordination.k8s.io", "leases", verb, "default")).as(verb + " in default").isFalse();
      assertThat(POLICY.allows("coordination.k8s.io", "leases", verb, null)).as(verb + " cluster-wide").isFalse();
    }
  }

  @Test
  void rolesHaveNoWildcardsNoSecretsNoCrdsNoNonResourceUrlsNoAggregation() {
    List<PolicyRule> rules = new ArrayList<>();
    MANIFESTS.all(ClusterRole.class).forEach(r -> {
      assertThat(r.getAggregationRule()).as("ClusterRole %s aggregationRule", r.getMetadata().getName()).isNull();
      rules.addAll(r.getRules());
    });
    MANIFESTS.all(Role.class).forEach(r -> rules.addAll(r.getRules()));
    assertThat(rules).isNotEmpty().allSatisfy(rule -> {
      assertThat(rule.getApiGroups()).as("apiGroups of %s", rule).isNotEmpty().doesNotContain("*");
      assertThat(rule.getResources()).as("resources of %s", rule).isNotEmpty()
          .noneMatch(r -> r.contains("*"))
          .doesNotContain("secrets", "customresourcedefinitions");
      assertThat(rule.getVerbs()).as("verbs of %s", rule).isNotEmpty().doesNotContain("*", "escalate", "bind",
          "impersonate");
      assertThat(rule.getApiGroups()).as("apiGroups of %s", rule).doesNotContain("apiextensions.k8s.io",
          "rbac.authorization.k8s.io");
      assertThat(rule.getNonResourceURLs()).as("nonResourceURLs of %s", rule).isNullOrEmpty();
    });
    assertThat(POLICY.allows("", "secrets", "get", "shop")).isFalse();
    assertThat(POLICY.allows("apiextensions.k8s.io", "customresourcedefinitions", "get", null)).isFalse();
  }

  @Test
  void bindingsGiveTheRolesToTheDeploymentsServiceAccount() {
    String serviceAccount = MANIFESTS.deployment().getSpec().getTemplate().getSpec().getServiceAccountName();
    assertThat(serviceAccount).isEqualTo("exposedapp-operator");
    assertThat(MANIFESTS.named(ServiceAccount.class, serviceAccount)).as("ServiceAccount in deploy/").isPresent();

    ClusterRoleBinding crb = MANIFESTS.one(ClusterRoleBinding.class);
    assertThat(crb.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(crb.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
    assertThat(MANIFESTS.named(ClusterRole.class, crb.getRoleRef().getName())).as("the ClusterRole bound").isPresent();
    assertThat(crb.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getKind()).isEqualTo("ServiceAccount");
      assertThat(s.getName()).isEqualTo(serviceAccount);
      assertThat(s.getNamespace()).as("subject namespace = kustomization namespace").isEqualTo(NS);
    });

    RoleBinding rb = MANIFESTS.one(RoleBinding.class);
    assertThat(rb.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(MANIFESTS.named(Role.class, rb.getRoleRef().getName())).as("the Role bound").isPresent();
    assertThat(rb.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getKind()).isEqualTo("ServiceAccount");
      assertThat(s.getName()).isEqualTo(serviceAccount);
      assertThat(s.getNamespace()).isEqualTo(NS);
    });
  }

  // ---- the evaluator itself, on hand-made roles ------------------------------------------------------------------

  @Test
  void wildcardsAndSubresourcePatternsMatchAsOnTheApiServer() {
    RbacPolicy policy = RbacPolicy.of("ops", "sa", List.of(
        clusterRole("all-status", rule("*", "*/status", "patch")),
        clusterRole("reader", rule("apps", "*", "get", "list"))), List.of(),
        List.of(clusterBinding("all-status", "sa", "ops"), clusterBinding("reader", "sa", "ops")), List.of());

    assertThat(policy.allows("", "services/status", "patch", "x")).isTrue();
    assertThat(policy.allows("exposedapp.io", "exposedapps/status", "patch", null)).isTrue();
    assertThat(policy.allows("", "services", "patch", "x")).as("*/status is not the resource itself").isFalse();
    assertThat(policy.allows("apps", "deployments", "list", null)).isTrue();
    assertThat(policy.allows("apps", "deployments/scale", "get", "x")).as("* includes subresources").isTrue();
    assertThat(policy.allows("apps", "deployments", "update", "x")).isFalse();
    assertThat(policy.grants()).contains(Grant.clusterWide("*", "*/status", "patch"));
  }

  @Test
  void roleRulesApplyOnlyInTheBindingNamespaceAndClusterRolesEverywhere() {
    RbacPolicy policy = RbacPolicy.of("ops", "sa",
        List.of(clusterRole("cm-reader", rule("", "configmaps", "get"))),
        List.of(role("lease", rule("coordination.k8s.io", "leases", "update"))),
        List.of(),
        List.of(binding("Role", "lease", "sa", "ops"), binding("ClusterRole", "cm-reader", "sa", "ops")));

    assertThat(policy.allows("coordination.k8s.io", "leases", "update", "ops")).isTrue();
    assertThat(policy.allows("coordination.k8s.io", "leases", "update", "other")).isFalse();
    assertThat(policy.allows("", "configmaps", "get", "ops")).as("ClusterRole through a RoleBinding").isTrue();
    assertThat(policy.allows("", "configmaps", "get", "other")).isFalse();
    assertThat(policy.allows("", "configmaps", "get", null)).isFalse();
  }

  @Test
  void bindingsForOtherSubjectsGrantNothing() {
    RbacPolicy policy = RbacPolicy.of("ops", "sa",
        List.of(clusterRole("admin-ish", rule("", "secrets", "get"))), List.of(),
        List.of(clusterBinding("admin-ish", "sa", "other-namespace"), clusterBinding("admin-ish", "someone", "ops")),
        List.of());
    assertThat(policy.grants()).isEmpty();
    assertThat(policy.allows("", "secrets", "get", "ops")).isFalse();
  }

  @Test
  void bindingToAMissingRoleIsAnError() {
    assertThatThrownBy(() -> RbacPolicy.of("ops", "sa", List.of(), List.of(),
        List.of(clusterBinding("typo", "sa", "ops")), List.of()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("typo");
  }

  @Test
  void rulesWithResourceNamesAreRejectedNotMisread() {
    PolicyRule named = new PolicyRuleBuilder(rule("coordination.k8s.io", "leases", "get"))
        .withResourceNames("exposedapp-operator").build();
    assertThatThrownBy(() -> RbacPolicy.of("ops", "sa", List.of(), List.of(role("lease", named)), List.of(),
        List.of(binding("Role", "lease", "sa", "ops"))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("resourceNames");
  }

  @Test
  void deniedAndUnusedCompareRequestsWithGrants() {
    RbacPolicy policy = RbacPolicy.of("ops", "sa",
        List.of(clusterRole("svc", rule("", "services", "get", "list", "watch"))), List.of(),
        List.of(clusterBinding("svc", "sa", "ops")), List.of());
    List<Grant> requests = Stream.of(
        RbacPolicy.fromRequest("GET", "/api/v1/services"),
        RbacPolicy.fromRequest("GET", "/api/v1/namespaces/a/services/x"),
        RbacPolicy.fromRequest("GET", "/api/v1/namespaces/a/services/x"),
        RbacPolicy.fromRequest("DELETE", "/api/v1/namespaces/a/services/x"),
        RbacPolicy.fromRequest("GET", "/version"))
        .flatMap(java.util.Optional::stream).toList();

    assertThat(policy.denied(requests)).containsExactly(Grant.inNamespace("a", "", "services", "delete"));
    assertThat(policy.unused(requests)).containsExactly(Grant.clusterWide("", "services", "watch"));
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  private static PolicyRule rule(String group, String resource, String... verbs) {
    return new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withVerbs(verbs).build();
  }

  private static ClusterRole clusterRole(String name, PolicyRule... rules) {
    return new ClusterRoleBuilder().withNewMetadata().withName(name).endMetadata().withRules(rules).build();
  }

  private static Role role(String name, PolicyRule... rules) {
    return new RoleBuilder().withNewMetadata().withName(name).withNamespace("ops").endMetadata().withRules(rules)
        .build();
  }

  private static ClusterRoleBinding clusterBinding(String role, String serviceAccount, String namespace) {
    return new ClusterRoleBindingBuilder().withNewMetadata().withName(role + "-" + serviceAccount).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
        .addNewSubject().withKind("ServiceAccount").withName(serviceAccount).withNamespace(namespace).endSubject()
        .build();
  }

  private static RoleBinding binding(String kind, String role, String serviceAccount, String namespace) {
    return new RoleBindingBuilder().withNewMetadata().withName(role).withNamespace(namespace).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", kind, role)
        .addNewSubject().withKind("ServiceAccount").withName(serviceAccount).withNamespace(namespace).endSubject()
        .build();
  }

}
