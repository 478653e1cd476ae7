package io.exposedapp.deploy;

import static io.exposedapp.testing.OperatorHarness.app;
import static io.exposedapp.testing.OperatorHarness.port;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.ExposedAppOperator;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.NodePortPool;
import io.exposedapp.gateway.DerivedGatewayCrds;
import io.exposedapp.lbc.LbcApi;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.exposedapp.reconciler.NodePortPoolReconciler;
import io.exposedapp.apiserver.ApiTestServer;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.testing.DeployIdentity;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.Waits;
import io.exposedapp.lbc.TargetGroupBinding;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Runs the real operator, configured as deploy/ configures it (leader election in its namespace), through a scenario
 * that makes it use every kind of call it has, records every request it sends, and checks them against the RBAC of
 * deploy/: each is allowed, and nothing is granted that the operator did not use.
 */
@Tag("real-apiserver")
class RecordedRequestsRbacTest {

  /** With the gateway kinds served, so that the operator uses what a gateway section needs. */
  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness().withCrds(() -> {
    var crds = new java.util.ArrayList<io.fabric8.kubernetes.api.model.HasMetadata>(DerivedGatewayCrds.gatewayApi());
    crds.addAll(DerivedGatewayCrds.lbc(LbcApi.V1));
    crds.addAll(DerivedGatewayCrds.targetGroupBinding());
    crds.addAll(DerivedGatewayCrds.l4Routes("v1"));
    return crds;
  });

  private static final RbacPolicy POLICY = RbacPolicy.load();
  /** What every authenticated user may do (system:basic-user), so deploy/ need not grant it. */
  private static final List<RbacPolicy.Grant> DEFAULT_GRANTS = List.of(
      RbacPolicy.Grant.clusterWide("authorization.k8s.io", "selfsubjectrulesreviews", "create"),
      RbacPolicy.Grant.clusterWide("authorization.k8s.io", "selfsubjectaccessreviews", "create"));

  /**
   * What JOSDK requires of the Lease before it starts leader election (it reads it from a SelfSubjectRulesReview and
   * refuses to start without every verb), whether or not fabric8's LeaseLock then sends it: update is never sent.
   */
  private static final List<RbacPolicy.Grant> JOSDK_LEASE_CHECK = Stream.of("get", "create", "update")
      .map(verb -> RbacPolicy.Grant.inNamespace(POLICY.namespace(), "coordination.k8s.io", "leases", verb)).toList();

  private static ExposedAppOperator operator;
  private static List<ApiTestServer.Request> recorded;

  @BeforeAll
  static void runTheScenario() {
    if (!op.onApiTestServer()) {
      return; // the request log is the API test server's: each test says so and is skipped
    }
    op.stopOperator();
    String token = DeployIdentity.install(op.client());
    int mark = op.server().requests().size();
    // as deployed: the deploy/ ServiceAccount (the API test server enforces RBAC for it), deploy/'s configuration
    operator = op.newOperator(OperatorHarness.deployConfig("rbac-test"),
        DeployIdentity.as(op.adminConfig(), token));
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
    Waits.await().until(() -> op.service(ns, "full") != null);
    op.apps().inNamespace(ns).withName("full").edit(a -> {
      a.setSpec(a.getSpec().withIngress(null));
      return a;
    });
    Waits.await().until(() -> op.ingress(ns, "full") == null);
    op.awaitReady(ns, "full");
    // a NodePortPool of one port that the namespace's next app exhausts: its status applied, a Warning Event
    op.labelNamespace(ns, "rbac-test", "pool");
    op.client().resource(Serialization.unmarshal("""
        apiVersion: exposedapp.io/v1alpha1
        kind: NodePortPool
        metadata: {name: rbac-test}
        spec: {ranges: ["31500-31500"], namespaceSelector: {matchLabels: {rbac-test: pool}}}
        """, NodePortPool.class)).create();
    op.create(app(ns, "pooled", port("http", 80)));
    op.awaitReady(ns, "pooled");
    Waits.await().until(() -> op.events("default", "rbac-test",
        NodePortPoolReconciler.EXHAUSTED).size() == 1);
    op.client().resources(NodePortPool.class).withName("rbac-test").delete();
    // Gateway API: an ALB of its own (HTTPRoute, TargetGroupConfiguration, Gateway, LoadBalancerConfiguration
    // applied), then the section removed (all four deleted); an app attached to another namespace's Gateway
    op.create(Serialization.unmarshal("""
        apiVersion: exposedapp.io/v1alpha1
        kind: ExposedApp
        metadata: {name: gw, namespace: %s}
        spec:
          selector: {app: gw}
          ports: [{name: http, port: 80}]
          gateway: {}
        """.formatted(ns), ExposedApp.class));
    op.awaitReason(ns, "gw", ConditionTypes.GATEWAY_READY, Reasons.GATEWAY_NOT_PROGRAMMED);
    op.apps().inNamespace(ns).withName("gw").edit(a -> {
      a.setSpec(a.getSpec().withGateway(null));
      return a;
    });
    Waits.await().until(() -> op.client().resources(HTTPRoute.class).inNamespace(ns)
        .withName("gw").get() == null && op.client().resources(Gateway.class).inNamespace(ns).withName("gw")
        .get() == null);
    op.create(Serialization.unmarshal("""
        apiVersion: exposedapp.io/v1alpha1
        kind: ExposedApp
        metadata: {name: attached, namespace: %s}
        spec:
          selector: {app: attached}
          ports: [{name: http, port: 80}]
          gateway: {parentRefs: [{name: shared, namespace: gateways}]}
        """.formatted(ns), ExposedApp.class));
    op.awaitReason(ns, "attached", ConditionTypes.GATEWAY_READY, Reasons.GATEWAY_NOT_FOUND);
    // an NLB of its own and a target group binding (applied), then the binding removed (deleted)
    op.create(Serialization.unmarshal("""
        apiVersion: exposedapp.io/v1alpha1
        kind: ExposedApp
        metadata: {name: nlb, namespace: %s}
        spec:
          selector: {app: nlb}
          ports: [{name: tcp, port: 9000}]
          loadBalancer: {}
          targetGroupBindings: [{port: tcp, targetGroupName: nlb-tcp}]
        """.formatted(ns), ExposedApp.class));
    op.awaitReason(ns, "nlb", ConditionTypes.TARGET_GROUP_BINDINGS_READY, Reasons.BINDING_PENDING);
    op.apps().inNamespace(ns).withName("nlb").edit(a -> {
      a.setSpec(a.getSpec().withTargetGroupBindings(null));
      return a;
    });
    Waits.await().until(() -> op.client().resources(TargetGroupBinding.class).inNamespace(ns).withName("nlb-tcp")
        .get() == null);

    // NLB Gateways: a UDPRoute and a TLSRoute on an NLB Gateway of its own, a TCPRoute on a shared one (all applied),
    // then the section removed (all deleted)
    op.create(Serialization.unmarshal("""
        apiVersion: exposedapp.io/v1alpha1
        kind: ExposedApp
        metadata: {name: l4, namespace: %s}
        spec:
          selector: {app: l4}
          ports: [{name: u, port: 53, protocol: UDP}, {name: t, port: 9001}, {name: s, port: 9443}]
          nlbGateway:
            routes:
              - {port: u}
              - {port: t, parentRef: {name: shared, namespace: gateways, sectionName: tcp}}
              - {port: s, tls: {hostnames: [l4.example.com]}}
            certificateArns: [arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000000]
        """.formatted(ns), ExposedApp.class));
    op.awaitReason(ns, "l4", ConditionTypes.GATEWAY_READY, Reasons.GATEWAY_NOT_FOUND);
    Waits.await().until(() -> op.client().resources(Gateway.class).inNamespace(ns).withName("l4-nlb").get() != null);
    op.apps().inNamespace(ns).withName("l4").edit(a -> {
      a.setSpec(a.getSpec().withNlbGateway(null));
      return a;
    });
    Waits.await().until(() -> op.client().resources(Gateway.class).inNamespace(ns).withName("l4-nlb").get() == null
        && op.client().genericKubernetesResources("gateway.networking.k8s.io/v1", "TLSRoute").inNamespace(ns)
            .withName("l4-s").get() == null);

    recorded = op.server().requests().subList(mark, op.server().requests().size()).stream()
        .filter(r -> r.userAgent().startsWith(ExposedAppOperator.USER_AGENT))
        .toList();
  }

  @AfterAll
  static void stopIt() {
    if (operator != null) {
      operator.close();
      op.startOperator();
    }
  }

  /**
   * The permissions the recorded requests need: their verb, and for a server-side apply that created the object
   * (201) also create, as kube-apiserver authorizes it.
   */
  private static List<RbacPolicy.Grant> needed() {
    return Stream.concat(JOSDK_LEASE_CHECK.stream(), recorded.stream()
        .flatMap(r -> RbacPolicy.fromRequest(r.method(), r.uri()).stream().flatMap(g -> r.method().equals("PATCH")
            && r.status() == 201 ? Stream.of(g, new RbacPolicy.Grant(g.apiGroup(), g.resource(), "create",
                g.namespace())) : Stream.of(g))))
        .filter(g -> !DEFAULT_GRANTS.contains(g))
        .toList();
  }

  @Test
  void theScenarioRecordedTheOperatorsRequests() {
    op.server(); // the request log
    assertThat(recorded).as("requests with the operator's User-Agent").hasSizeGreaterThan(10);
    assertThat(recorded).anySatisfy(r -> assertThat(r.uri()).contains("/leases"));
  }

  @Test
  void theApiServerRefusedTheOperatorNothing() {
    op.server(); // the request log
    assertThat(recorded).as("requests answered 401 or 403").noneMatch(r -> r.status() == 401 || r.status() == 403);
  }

  @Test
  void everyRequestTheOperatorMadeIsAllowedByDeploy() {
    op.server(); // the request log
    assertThat(POLICY.denied(needed())).as("requests the RBAC of deploy/ would refuse").isEmpty();
  }

  @Test
  void deployGrantsNothingTheOperatorDidNotUse() {
    op.server(); // the request log
    assertThat(POLICY.unused(needed())).as("grants of deploy/ the operator never used").isEmpty();
  }
}
