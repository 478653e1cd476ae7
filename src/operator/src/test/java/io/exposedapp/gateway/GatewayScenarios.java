package io.exposedapp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.lbc.LbcApi;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.status.Conditions;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.Waits;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusAddressBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The gateway section with the real operator; the tests play the AWS Load Balancer Controller, writing the Gateway's
 * and the HTTPRoute's status as it does. Run against the CRDs each subclass installs: derived from the Java model, or
 * the projects' own (Gateway API v1.6.1 with LBC v3.5.0 or v3.0.0), on both API servers.
 */
abstract class GatewayScenarios {

  static final String LBC = "gateway.k8s.aws/alb";

  abstract OperatorHarness op();

  /** The {@code gateway.k8s.aws} version the operator must write on these CRDs. */
  abstract LbcApi expectedLbcVersion();

  static ExposedApp app(String namespace, String name, String gatewayYaml) {
    return Serialization.unmarshal("""
        apiVersion: exposedapp.io/v1alpha1
        kind: ExposedApp
        metadata: {name: %s, namespace: %s}
        spec:
          selector: {app: %s}
          ports:
            - {name: http, port: 80, targetPort: 8080}
            - {name: admin, port: 9000}
        %s
        """.formatted(name, namespace, name, gatewayYaml.indent(2)), ExposedApp.class);
  }

  /** The platform team's shared ALB Gateway, with an https listener open to routes of every namespace. */
  Gateway sharedGateway(String namespace, String name) {
    return op().client().resource(new GatewayBuilder().withNewMetadata().withName(name).withNamespace(namespace)
        .endMetadata().withNewSpec().withGatewayClassName("alb")
        .addNewListener().withName("https").withPort(443).withProtocol("HTTPS").withNewAllowedRoutes()
        .withNewNamespaces().withFrom("All").endNamespaces().endAllowedRoutes().endListener()
        .endSpec().build()).create();
  }

  static String attached(String gatewayNamespace) {
    return """
        gateway:
          parentRefs: [{name: shared-alb, namespace: %s, sectionName: https}]
          hostnames: [shop.example.com]
          rules:
            - {path: /, port: http}
          healthCheck: {path: /healthz}
        """.formatted(gatewayNamespace);
  }

  static Condition condition(String type, String status, String reason, String message) {
    return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastTransitionTime(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
        .withObservedGeneration(1L).build();
  }

  /** What the controller writes on a Gateway: Programmed (with the ALB's ARN as message) and the ALB's DNS name. */
  void lbcProgrammes(String namespace, String name, String hostname) {
    Gateway gateway = op().client().resources(Gateway.class).inNamespace(namespace).withName(name).get();
    gateway.setStatus(new GatewayStatusBuilder()
        .withConditions(condition("Accepted", "True", "Accepted", ""),
            condition("Programmed", "True", "Programmed",
                "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/k8s-alb/1234"))
        .withAddresses(new GatewayStatusAddressBuilder().withType("Hostname").withValue(hostname).build())
        .build());
    op().client().resources(Gateway.class).inNamespace(namespace).resource(gateway).updateStatus();
  }

  void gatewayStatus(String namespace, String name, Condition programmed) {
    Gateway gateway = op().client().resources(Gateway.class).inNamespace(namespace).withName(name).get();
    gateway.setStatus(new GatewayStatusBuilder().withConditions(programmed).build());
    op().client().resources(Gateway.class).inNamespace(namespace).resource(gateway).updateStatus();
  }

  /** A controller's entry for a parent in the route's status.parents (replacing that controller's entries). */
  void routeAnswered(String namespace, String name, String controller, ParentReference parent,
      Condition... conditions) {
    HTTPRoute route = op().client().resources(HTTPRoute.class).inNamespace(namespace).withName(name).get();
    List<io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus> parents = new java.util.ArrayList<>(
        route.getStatus() == null || route.getStatus().getParents() == null ? List.of()
            : route.getStatus().getParents());
    parents.removeIf(p -> controller.equals(p.getControllerName()));
    parents.add(new RouteParentStatusBuilder().withControllerName(controller).withParentRef(parent)
        .withConditions(conditions).build());
    route.setStatus(new HTTPRouteStatusBuilder().withParents(parents).build());
    op().client().resources(HTTPRoute.class).inNamespace(namespace).resource(route).updateStatus();
  }

  static ParentReference parent(String namespace, String name, String sectionName) {
    return new io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder()
        .withGroup("gateway.networking.k8s.io").withKind("Gateway").withNamespace(namespace).withName(name)
        .withSectionName(sectionName).build();
  }

  HTTPRoute route(String namespace, String name) {
    return op().client().resources(HTTPRoute.class).inNamespace(namespace).withName(name).get();
  }

  GenericKubernetesResource lbcObject(String kind, String namespace, String name) {
    return op().client().genericKubernetesResources(expectedLbcVersion().apiVersion(), kind).inNamespace(namespace)
        .withName(name).get();
  }

  String gatewayReason(String ns, String name) {
    return Conditions.find(op().get(ns, name).getStatus().conditions(), ConditionTypes.GATEWAY_READY)
        .map(Condition::getReason).orElse(null);
  }

  ExposedApp awaitGateway(String ns, String name, String reason) {
    return op().awaitReason(ns, name, ConditionTypes.GATEWAY_READY, reason);
  }

  static String gatewayMessage(ExposedApp app) {
    return Conditions.find(app.getStatus().conditions(), ConditionTypes.GATEWAY_READY).orElseThrow().getMessage();
  }

  @Test
  void anAttachedAppGetsARouteToItsServiceAndInstanceTargetsInTheNewestServedVersion() {
    String gateways = op().newNamespace();
    sharedGateway(gateways, "shared-alb");
    String ns = op().newNamespace();
    op().create(app(ns, "shop", attached(gateways)));

    awaitGateway(ns, "shop", Reasons.GATEWAY_NOT_PROGRAMMED);
    HTTPRoute route = route(ns, "shop");
    assertThat(route.getSpec().getParentRefs()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("shared-alb");
      assertThat(p.getNamespace()).isEqualTo(gateways);
      assertThat(p.getSectionName()).isEqualTo("https");
    });
    assertThat(route.getSpec().getRules()).singleElement().satisfies(rule ->
        assertThat(rule.getBackendRefs()).singleElement().satisfies(b -> {
          assertThat(b.getName()).isEqualTo("shop");
          assertThat(b.getPort()).isEqualTo(80);
        }));
    GenericKubernetesResource tgc = lbcObject("TargetGroupConfiguration", ns, "shop");
    assertThat(tgc).as("the TargetGroupConfiguration in %s", expectedLbcVersion().apiVersion()).isNotNull();
    assertThat(tgc.<String>get("spec", "targetReference", "name")).isEqualTo("shop");
    assertThat(tgc.<String>get("spec", "defaultConfiguration", "targetType")).isEqualTo("instance");
    assertThat(tgc.<String>get("spec", "defaultConfiguration", "healthCheckConfig", "healthCheckPath"))
        .isEqualTo("/healthz");
    assertThat(op().client().resources(Gateway.class).inNamespace(ns).withName("shop").get())
        .as("no Gateway of its own when attached").isNull();
  }

  @Test
  void theControllersAnswersMakeTheAppReadyAtTheGatewaysAddress() {
    String gateways = op().newNamespace();
    sharedGateway(gateways, "shared-alb");
    String ns = op().newNamespace();
    op().create(app(ns, "web", attached(gateways)));
    awaitGateway(ns, "web", Reasons.GATEWAY_NOT_PROGRAMMED);

    lbcProgrammes(gateways, "shared-alb", "k8s-shared-1234.eu-west-1.elb.amazonaws.com");
    awaitGateway(ns, "web", Reasons.ROUTE_PENDING);
    routeAnswered(ns, "web", LBC, parent(gateways, "shared-alb", "https"),
        condition("Accepted", "True", "Accepted", "Route is accepted"),
        condition("ResolvedRefs", "True", "ResolvedRefs", "All references resolved"));

    ExposedApp ready = op().awaitReady(ns, "web");
    assertThat(ready.getStatus().address()).isEqualTo("k8s-shared-1234.eu-west-1.elb.amazonaws.com");
    assertThat(ready.getStatus().url()).isEqualTo("https://shop.example.com/");
    assertThat(Conditions.find(ready.getStatus().conditions(), ConditionTypes.GATEWAY_READY).orElseThrow()
        .getReason()).isEqualTo(Reasons.ADDRESS_ASSIGNED);
    assertThat(op().events(ns, "web", Reasons.ADDRESS_ASSIGNED)).isNotEmpty();
  }

  @Test
  void eachStepTheControllerHasNotTakenIsNamedWithItsOwnMessage() {
    String gateways = op().newNamespace();
    sharedGateway(gateways, "shared-alb");
    String ns = op().newNamespace();
    op().create(app(ns, "steps", attached(gateways)));
    awaitGateway(ns, "steps", Reasons.GATEWAY_NOT_PROGRAMMED);

    gatewayStatus(gateways, "shared-alb", condition("Programmed", "False", "Invalid",
        "no subnets tagged for the ALB"));
    assertThat(gatewayMessage(awaitMessage(ns, "steps", "no subnets tagged"))).contains("Invalid");

    lbcProgrammes(gateways, "shared-alb", "k8s-shared-1.eu-west-1.elb.amazonaws.com");
    routeAnswered(ns, "steps", LBC, parent(gateways, "shared-alb", "https"),
        condition("Accepted", "False", "NotAllowedByListeners", "listener https does not allow this namespace"));
    assertThat(gatewayMessage(awaitGateway(ns, "steps", Reasons.ROUTE_NOT_ACCEPTED)))
        .contains("NotAllowedByListeners", "listener https does not allow this namespace");

    routeAnswered(ns, "steps", LBC, parent(gateways, "shared-alb", "https"),
        condition("Accepted", "True", "Accepted", "ok"),
        condition("ResolvedRefs", "False", "BackendNotFound", "service steps not found"));
    assertThat(gatewayMessage(awaitGateway(ns, "steps", Reasons.ROUTE_REFS_NOT_RESOLVED)))
        .contains("BackendNotFound", "service steps not found");
    assertThat(Conditions.isTrue(op().get(ns, "steps").getStatus().conditions(), ConditionTypes.READY)).isFalse();
    assertThat(op().events(ns, "steps", Reasons.ROUTE_REFS_NOT_RESOLVED)).isNotEmpty();
  }

  private ExposedApp awaitMessage(String ns, String name, String fragment) {
    return op().awaitApp(ns, name, a -> Conditions.find(a.getStatus().conditions(), ConditionTypes.GATEWAY_READY)
        .map(c -> c.getMessage().contains(fragment)).orElse(false));
  }

  @Test
  void aGatewayThatDoesNotExistIsReported() {
    String ns = op().newNamespace();
    op().create(app(ns, "lost", attached("nowhere")));
    assertThat(gatewayMessage(awaitGateway(ns, "lost", Reasons.GATEWAY_NOT_FOUND))).contains("nowhere/shared-alb");
    assertThat(route(ns, "lost")).as("the route is written all the same").isNotNull();
  }

  @Test
  void anotherControllersAnswerForTheRouteIsNotTheAlbs() {
    String gateways = op().newNamespace();
    sharedGateway(gateways, "shared-alb");
    String ns = op().newNamespace();
    op().create(app(ns, "other", attached(gateways)));
    awaitGateway(ns, "other", Reasons.GATEWAY_NOT_PROGRAMMED);
    lbcProgrammes(gateways, "shared-alb", "k8s-shared-2.eu-west-1.elb.amazonaws.com");
    awaitGateway(ns, "other", Reasons.ROUTE_PENDING);

    routeAnswered(ns, "other", "example.com/another-gateway-controller", parent(gateways, "shared-alb", "https"),
        condition("Accepted", "False", "NotAllowedByListeners", "not mine"));
    // the status write of that controller is seen by the operator (it reconciles on route changes) and changes nothing
    await().during(Duration.ofSeconds(1)).atMost(OperatorHarness.TIMEOUT)
        .until(() -> Reasons.ROUTE_PENDING.equals(gatewayReason(ns, "other")));

    routeAnswered(ns, "other", LBC, parent(gateways, "shared-alb", "https"),
        condition("Accepted", "True", "Accepted", "ok"), condition("ResolvedRefs", "True", "ResolvedRefs", "ok"));
    op().awaitReady(ns, "other");
  }

  @Test
  void anAlbOfItsOwnGetsAGatewayAndALoadBalancerConfiguration() {
    String ns = op().newNamespace();
    op().create(app(ns, "own", """
        gateway:
          scheme: internet-facing
          certificateArns: [arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000000]
          inboundCidrs: [10.0.0.0/8]
        """));
    awaitGateway(ns, "own", Reasons.GATEWAY_NOT_PROGRAMMED);

    Gateway gateway = op().client().resources(Gateway.class).inNamespace(ns).withName("own").get();
    assertThat(gateway.getSpec().getGatewayClassName()).isEqualTo("alb");
    assertThat(gateway.getSpec().getListeners()).extracting(l -> l.getProtocol() + ":" + l.getPort())
        .containsExactly("HTTP:80", "HTTPS:443");
    assertThat(gateway.getSpec().getInfrastructure().getParametersRef().getName()).isEqualTo("own");
    GenericKubernetesResource lb = lbcObject("LoadBalancerConfiguration", ns, "own");
    assertThat(lb.<String>get("spec", "scheme")).isEqualTo("internet-facing");
    assertThat(lb.<List<String>>get("spec", "sourceRanges")).containsExactly("10.0.0.0/8");
    assertThat(route(ns, "own").getSpec().getParentRefs()).singleElement()
        .satisfies(p -> assertThat(p.getName()).isEqualTo("own"));

    lbcProgrammes(ns, "own", "k8s-own-5678.eu-west-1.elb.amazonaws.com");
    routeAnswered(ns, "own", LBC, parent(null, "own", null), condition("Accepted", "True", "Accepted", "ok"),
        condition("ResolvedRefs", "True", "ResolvedRefs", "ok"));
    ExposedApp ready = op().awaitReady(ns, "own");
    assertThat(ready.getStatus().url()).isEqualTo("https://k8s-own-5678.eu-west-1.elb.amazonaws.com/");
  }

  @Test
  void disablingTheGatewayDeletesItsObjectsAndKeepsTheService() {
    String ns = op().newNamespace();
    op().create(app(ns, "toggle", "gateway: {}"));
    awaitGateway(ns, "toggle", Reasons.GATEWAY_NOT_PROGRAMMED);
    String serviceUid = op().service(ns, "toggle").getMetadata().getUid();

    op().apps().inNamespace(ns).withName("toggle").edit(a -> {
      a.setSpec(a.getSpec().withGateway(null));
      return a;
    });

    Waits.await().until(() -> route(ns, "toggle") == null
        && op().client().resources(Gateway.class).inNamespace(ns).withName("toggle").get() == null
        && lbcObject("TargetGroupConfiguration", ns, "toggle") == null
        && lbcObject("LoadBalancerConfiguration", ns, "toggle") == null);
    ExposedApp ready = op().awaitReady(ns, "toggle");
    assertThat(Conditions.find(ready.getStatus().conditions(), ConditionTypes.GATEWAY_READY)).isEmpty();
    assertThat(op().service(ns, "toggle").getMetadata().getUid()).isEqualTo(serviceUid);
  }

  @Test
  void aForeignRouteWithTheAppsNameIsLeftAloneAndReported() {
    String ns = op().newNamespace();
    HTTPRoute foreign = op().client().resource(new HTTPRouteBuilder().withNewMetadata().withName("clash")
        .withNamespace(ns).endMetadata().withNewSpec().addNewParentRef().withName("elsewhere").endParentRef()
        .endSpec().build()).create();
    op().create(app(ns, "clash", "gateway: {}"));

    assertThat(gatewayMessage(awaitGateway(ns, "clash", Reasons.GATEWAY_NAME_TAKEN))).contains("HTTPRoute " + ns
        + "/clash");
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(route(ns, "clash").getMetadata().getResourceVersion())
            .isEqualTo(foreign.getMetadata().getResourceVersion()));
    assertThat(op().service(ns, "clash")).as("the Service is the app's all the same").isNotNull();
  }

  @Test
  void theRouteIsAppliedOnceAndLeftAloneWhileNothingChanges() {
    String ns = op().newNamespace();
    op().create(app(ns, "steady", "gateway: {rules: [{path: /api, pathType: Exact, port: admin}, {port: http}]}"));
    awaitGateway(ns, "steady", Reasons.GATEWAY_NOT_PROGRAMMED);
    String routeVersion = route(ns, "steady").getMetadata().getResourceVersion();
    String tgcVersion = lbcObject("TargetGroupConfiguration", ns, "steady").getMetadata().getResourceVersion();
    String lbVersion = lbcObject("LoadBalancerConfiguration", ns, "steady").getMetadata().getResourceVersion();

    // a change of the app's status from outside makes the operator reconcile (and restore it) with the same spec
    op().apps().inNamespace(ns).withName("steady").editStatus(a -> {
      a.setStatus(null);
      return a;
    });
    op().awaitApp(ns, "steady", a -> gatewayReasonOf(a) != null);

    await().during(Duration.ofSeconds(1)).atMost(OperatorHarness.TIMEOUT).untilAsserted(() -> {
      assertThat(route(ns, "steady").getMetadata().getResourceVersion()).isEqualTo(routeVersion);
      assertThat(lbcObject("TargetGroupConfiguration", ns, "steady").getMetadata().getResourceVersion())
          .isEqualTo(tgcVersion);
      assertThat(lbcObject("LoadBalancerConfiguration", ns, "steady").getMetadata().getResourceVersion())
          .isEqualTo(lbVersion);
    });
  }

  private static String gatewayReasonOf(ExposedApp app) {
    return app.getStatus() == null ? null : Conditions.find(app.getStatus().conditions(),
        ConditionTypes.GATEWAY_READY).map(Condition::getReason).orElse(null);
  }

  @Test
  void movingFromIngressToGatewayMovesNoNodePortAndDeletesOnlyTheIngress() {
    String ns = op().newNamespace();
    op().create(app(ns, "move", "ingress: {rules: [{port: http}]}"));
    op().awaitReason(ns, "move", ConditionTypes.INGRESS_READY, Reasons.ADDRESS_PENDING);
    var before = op().service(ns, "move");

    // both: two ALBs in front of the same nodePorts while DNS moves
    op().apps().inNamespace(ns).withName("move").edit(a -> {
      a.setSpec(a.getSpec().withGateway(app(ns, "move", "gateway: {}").getSpec().gateway()));
      return a;
    });
    awaitGateway(ns, "move", Reasons.GATEWAY_NOT_PROGRAMMED);
    assertThat(op().ingress(ns, "move")).isNotNull();
    var during = op().service(ns, "move");

    // the Ingress removed: only the Ingress goes
    op().apps().inNamespace(ns).withName("move").edit(a -> {
      a.setSpec(a.getSpec().withIngress(null));
      return a;
    });
    Waits.await().until(() -> op().ingress(ns, "move") == null);
    ExposedApp after = awaitGateway(ns, "move", Reasons.GATEWAY_NOT_PROGRAMMED);
    assertThat(Conditions.find(after.getStatus().conditions(), ConditionTypes.INGRESS_READY)).isEmpty();
    assertThat(route(ns, "move")).isNotNull();
    var last = op().service(ns, "move");

    for (var service : List.of(during, last)) {
      assertThat(service.getMetadata().getUid()).as("the same Service object").isEqualTo(before.getMetadata()
          .getUid());
      assertThat(service.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getNodePort())
          .as("the same nodePorts").isEqualTo(before.getSpec().getPorts().stream()
              .map(p -> p.getName() + ":" + p.getNodePort()).toList());
    }
  }
}
