package io.exposedapp.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.ExposedAppOperator;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.config.OperatorConfig;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.testing.DeployIdentity;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.OperatorProcess;
import io.exposedapp.testing.Waits;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.OperatorException;

/**
 * The operator as it runs in a cluster: authenticated as the deploy/ ServiceAccount, authorized by the deploy/ RBAC
 * objects on an API server that enforces them, configured as deploy/deployment.yaml configures it (leader election
 * on, exit on a lost Lease).
 */
@Tag("real-apiserver")
class DeployRbacOperatorTest {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness();

  private static Config asTheServiceAccount;

  @BeforeAll
  static void installDeployIdentity() {
    op.stopOperator();
    asTheServiceAccount = DeployIdentity.as(op.adminConfig(), DeployIdentity.install(op.client()));
  }

  @AfterAll
  static void restartTheAdminOperator() {
    op.startOperator();
  }

  @Test
  void theOperatorStartsLeadsAndReconcilesAsTheDeployServiceAccount() {
    try (ExposedAppOperator operator = op.newOperator(OperatorHarness.deployConfig("rbac-a"), asTheServiceAccount)) {
      operator.start();
      Waits.await().until(() -> "rbac-a".equals(leaseHolder()));
      String ns = op.newNamespace();
      op.create(Serialization.unmarshal("""
          apiVersion: exposedapp.io/v1alpha1
          kind: ExposedApp
          metadata: {name: web, namespace: %s}
          spec:
            selector: {app: web}
            ports: [{name: http, port: 80}]
            ingress: {}
          """.formatted(ns), ExposedApp.class));
      op.awaitReason(ns, "web", ConditionTypes.INGRESS_READY, Reasons.ADDRESS_PENDING);
      assertThat(op.service(ns, "web")).isNotNull();
      assertThat(op.ingress(ns, "web")).isNotNull();
    }
  }

  /** The defect a real cluster showed: JOSDK checks update on leases before it elects, and the Role lacked it. */
  @Test
  void withoutUpdateOnLeasesTheOperatorRefusesToStartAsOnARealApiServer() {
    Role role = op.client().rbac().roles().inNamespace(OperatorProcess.OPERATOR_NAMESPACE)
        .withName("exposedapp-operator-leader-election").get();
    List<String> released = List.of("get", "create", "patch");
    op.client().resource(new io.fabric8.kubernetes.api.model.rbac.RoleBuilder(role).withRules(new PolicyRuleBuilder()
        .withApiGroups("coordination.k8s.io").withResources("leases").withVerbs(released).build()).build()).update();
    try (ExposedAppOperator operator = op.newOperator(OperatorHarness.deployConfig("rbac-b"), asTheServiceAccount)) {
      assertThatThrownBy(operator::start)
          .isInstanceOf(OperatorException.class)
          .rootCause().hasMessageContaining("No permission to lease resource. in namespace: "
              + OperatorProcess.OPERATOR_NAMESPACE + "; missing required verbs: [update]");
    } finally {
      DeployIdentity.objects(op.client()).stream().filter(Role.class::isInstance)
          .forEach(r -> op.client().resource(r).forceConflicts().serverSideApply());
    }
  }

  private static String leaseHolder() {
    Lease lease = op.client().leases().inNamespace(OperatorProcess.OPERATOR_NAMESPACE)
        .withName(OperatorConfig.DEFAULT_LEASE_NAME).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }
}
