package io.exposedapp.deploy;

import static io.exposedapp.testing.OperatorHarness.app;
import static io.exposedapp.testing.OperatorHarness.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.ExposedAppOperator;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.apiserver.ApiTestServer;
import io.exposedapp.config.OperatorConfig;
import io.exposedapp.config.OperatorConfig.LeaderElection;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Runs the real operator, configured as deploy/ configures it (leader election in its namespace), through a scenario
 * that makes it use every kind of call it has, records every request it sends, and checks them against the RBAC of
 * deploy/: each is allowed, and nothing is granted that the operator did not use.
 */
class RecordedRequestsRbacTest {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness();

  private static final RbacPolicy POLICY = RbacPolicy.load();
  /** What every authenticated user may do (system:basic-user), so deploy/ need not grant it. */
  private static final List<RbacPolicy.Grant> DEFAULT_GRANTS = List.of(
      RbacPolicy.Grant.clusterWide("authorization.k8s.io", "selfsubjectrulesreviews", "create"),
      RbacPolicy.Grant.clusterWide("authorization.k8s.io", "selfsubjectaccessreviews", "create"));

  private static ExposedAppOperator operator;
  private static List<ApiTestServer.Request> recorded;

  @BeforeAll
  static void runTheScenario() {
    op.stopOperator();
    op.client().resource(new NamespaceBuilder().withNewMetadata().withName(POLICY.namespace()).endMetadata()
        .build()).create();
    int mark = op.server().requests().size();
    operator = op.newOperator(OperatorConfig.fromEnvironment(java.util.Map.of(
        OperatorConfig.LEADER_ELECTION, "true", OperatorConfig.POD_NAMESPACE, POLICY.namespace(),
        OperatorConfig.POD_NAME, "rbac-test")).withPorts(0, 0)
        .withLeaderElection(new LeaderElection(OperatorConfig.DEFAULT_LEASE_NAME, POLICY.namespace(), "rbac-test",
            false)));
    operator.start();

    String ns = op.newNamespace();
    // an app with an ALB Ingress: Service and Ingress applied, status patched, Events
    op.create(Serialization.unmarshal("""
        apiVersion: exposedapp.io/v1alpha1
        kind: ExposedApp
        metadata: {name: full, namespace: %s}
        spec:
          selector: {app: full}
          ports: [{name: http, port: 80}]
          ingress: {}
        """.formatted(ns), ExposedApp.class));
    op.awaitReason(ns, "full", ConditionTypes.INGRESS_READY, Reasons.ADDRESS_PENDING);
    // a conflict (a Warning Event), drift repair (the Service re-created), the Ingress disabled (deleted)
    op.client().services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("holder")
        .endMetadata().withNewSpec().withType("NodePort").addNewPort().withPort(80).withNodePort(31999).endPort()
        .endSpec().build()).create();
    op.create(app(ns, "conflicted", port("http", 80, 31999)));
    op.awaitReason(ns, "conflicted", ConditionTypes.PORTS_ALLOCATED, Reasons.NODE_PORT_CONFLICT);
    op.client().services().inNamespace(ns).withName("full").delete();
    await().atMost(OperatorHarness.TIMEOUT).until(() -> op.service(ns, "full") != null);
    op.apps().inNamespace(ns).withName("full").edit(a -> {
      a.setSpec(a.getSpec().withIngress(null));
      return a;
    });
    await().atMost(OperatorHarness.TIMEOUT).until(() -> op.ingress(ns, "full") == null);
    op.awaitReady(ns, "full");

    recorded = op.server().requests().subList(mark, op.server().requests().size()).stream()
        .filter(r -> r.userAgent().startsWith(ExposedAppOperator.USER_AGENT))
        .toList();
  }

  @AfterAll
  static void stopIt() {
    operator.close();
    op.startOperator();
  }

  /**
   * The permissions the recorded requests need: their verb, and for a server-side apply that created the object
   * (201) also create, as kube-apiserver authorizes it.
   */
  private static List<RbacPolicy.Grant> needed() {
    return recorded.stream()
        .flatMap(r -> RbacPolicy.fromRequest(r.method(), r.uri()).stream().flatMap(g -> r.method().equals("PATCH")
            && r.status() == 201 ? Stream.of(g, new RbacPolicy.Grant(g.apiGroup(), g.resource(), "create",
                g.namespace())) : Stream.of(g)))
        .filter(g -> !DEFAULT_GRANTS.contains(g))
        .toList();
  }

  @Test
  void theScenarioRecordedTheOperatorsRequests() {
    assertThat(recorded).as("requests with the operator's User-Agent").hasSizeGreaterThan(10);
    assertThat(recorded).anySatisfy(r -> assertThat(r.uri()).contains("/leases"));
  }

  @Test
  void everyRequestTheOperatorMadeIsAllowedByDeploy() {
    assertThat(POLICY.denied(needed())).as("requests the RBAC of deploy/ would refuse").isEmpty();
  }

  @Test
  void deployGrantsNothingTheOperatorDidNotUse() {
    assertThat(POLICY.unused(needed())).as("grants of deploy/ the operator never used").isEmpty();
  }
}
