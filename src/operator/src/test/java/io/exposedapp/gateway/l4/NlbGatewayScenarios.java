package io.exposedapp.gateway.l4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.status.Conditions;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.Waits;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusAddressBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The nlbGateway section with the real operator; the tests play the AWS Load Balancer Controller's NLB controller,
 * writing the Gateways' and the routes' status as it does. Run against the CRDs each subclass installs: derived from
 * the Java model (routes in v1 and v1alpha2, or v1alpha2 alone), or Gateway API v1.6.1's experimental channel with
 * LBC v3.5.0, on both API servers.
 */
abstract class NlbGatewayScenarios {

  static final String LBC = "gateway.k8s.aws/nlb";
  static final String ROUTES = "gateway.networking.k8s.io";

  abstract OperatorHarness op();

  /** The route version the operator must write on these CRDs. */
  abstract String expectedRouteVersion();

  static ExposedApp app(String namespace, String name, String nlbGatewayYaml) {
    return Serialization.unmarshal("""
        apiVersion: exposedapp.io/v1alpha1
        kind: ExposedApp
        metadata: {name: %s, namespace: %s}
        spec:
          selector: {app: %s}
          ports:
            - {name: dns, port: 53, protocol: UDP}
            - {name: admin, port: 8053}
            - {name: dot, port: 853}
        %s
        """.formatted(name, namespace, name, nlbGatewayYaml.indent(2)), ExposedApp.class);
  }

  /** The platform team's shared NLB Gateway: UDP 53, UDP 5353 and TCP 8053 listeners, open to every namespace. */
  void sharedNlb(String namespace, String name) {
    GatewayBuilder gateway = new GatewayBuilder().withNewMetadata().withName(name).withNamespace(namespace)
        .endMetadata().withNewSpec().withGatewayClassName("nlb").endSpec();
    for (String listener : List.of("UDP:53", "UDP:5353", "TCP:8053")) {
      String[] parts = listener.split(":");
      gateway.editSpec().addNewListener().withName(parts[0].toLowerCase() + "-" + parts[1])
          .withProtocol(parts[0]).withPort(Integer.parseInt(parts[1])).withNewAllowedRoutes().withNewNamespaces()
          .withFrom("All").endNamespaces().endAllowedRoutes().endListener().endSpec();
    }
    op().client().resource(gateway.build()).create();
  }

  static String attached(String gatewayNamespace) {
    return """
        nlbGateway:
          routes:
            - {port: dns, parentRef: {name: shared-nlb, namespace: %1$s, sectionName: udp-53}}
            - {port: admin, parentRef: {name: shared-nlb, namespace: %1$s, sectionName: tcp-8053}}
          healthCheck: {protocol: TCP, port: traffic-port}
        """.formatted(gatewayNamespace);
  }

  GenericKubernetesResource route(String kind, String namespace, String name) {
    return op().client().genericKubernetesResources(ROUTES + "/" + expectedRouteVersion(), kind)
        .inNamespace(namespace).withName(name).get();
  }

  GenericKubernetesResource lbcObject(String kind, String namespace, String name) {
    return op().client().genericKubernetesResources("gateway.k8s.aws/v1", kind).inNamespace(namespace)
        .withName(name).get();
  }

  Gateway gateway(String namespace, String name) {
    return op().client().resources(Gateway.class).inNamespace(namespace).withName(name).get();
  }

  static Map<String, Object> condition(String type, String status, String reason, String message) {
    return Map.of("type", type, "status", status, "reason", reason, "message", message, "observedGeneration", 1,
        "lastTransitionTime", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
  }

  /** What the controller writes on a Gateway: Programmed (with the NLB's ARN) and the NLB's DNS name. */
  void lbcProgrammes(String namespace, String name, String hostname) {
    Gateway gateway = gateway(namespace, name);
    gateway.setStatus(new GatewayStatusBuilder()
        .withConditions(Serialization.unmarshal(Serialization.asJson(condition("Programmed", "True", "Programmed",
            "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/k8s-nlb/1234")), Condition.class))
        .withAddresses(new GatewayStatusAddressBuilder().withType("Hostname").withValue(hostname).build())
        .build());
    op().client().resources(Gateway.class).inNamespace(namespace).resource(gateway).updateStatus();
  }

  /** A controller's entry for the route's one parent (replacing that controller's entries), as LBC copies it. */
  @SafeVarargs
  final void routeAnswered(String kind, String namespace, String name, String controller,
      Map<String, Object>... conditions) {
    routeAnswered(ROUTES + "/" + expectedRouteVersion(), kind, namespace, name, controller, conditions);
  }

  @SuppressWarnings("unchecked")
  @SafeVarargs
  final void routeAnswered(String apiVersion, String kind, String namespace, String name, String controller,
      Map<String, Object>... conditions) {
    GenericKubernetesResource route = op().client().genericKubernetesResources(apiVersion, kind)
        .inNamespace(namespace).withName(name).get();
    Map<String, Object> parentRef = ((List<Map<String, Object>>) ((Map<String, Object>) route
        .getAdditionalProperties().get("spec")).get("parentRefs")).get(0);
    Map<String, Object> status = route.getAdditionalProperties().get("status") instanceof Map<?, ?> m
        ? new java.util.HashMap<>((Map<String, Object>) m) : new java.util.HashMap<>();
    List<Map<String, Object>> parents = new ArrayList<>(status.get("parents") instanceof List<?> l
        ? (List<Map<String, Object>>) l : List.of());
    parents.removeIf(p -> controller.equals(p.get("controllerName")));
    parents.add(Map.of("controllerName", controller, "parentRef", parentRef, "conditions", List.of(conditions)));
    status.put("parents", parents);
    route.getAdditionalProperties().put("status", status);
    op().client().genericKubernetesResources(apiVersion, kind).inNamespace(namespace).resource(route).updateStatus();
  }

  ExposedApp awaitGateway(String ns, String name, String reason) {
    return op().awaitReason(ns, name, ConditionTypes.GATEWAY_READY, reason);
  }

  static String gatewayMessage(ExposedApp app) {
    return Conditions.find(app.getStatus().conditions(), ConditionTypes.GATEWAY_READY).orElseThrow().getMessage();
  }

  String gatewayReason(String ns, String name) {
    return Conditions.find(op().get(ns, name).getStatus().conditions(), ConditionTypes.GATEWAY_READY)
        .map(Condition::getReason).orElse(null);
  }

  @SuppressWarnings("unchecked")
  static <T> T at(GenericKubernetesResource object, Object... path) {
    Object node = object.getAdditionalProperties();
    for (Object step : path) {
      node = step instanceof Integer i ? ((List<Object>) node).get(i) : ((Map<String, Object>) node).get(step);
    }
    return (T) node;
  }

  static List<String> nodePorts(Service service) {
    return service.getSpec().getPorts().stream().map(p -> p.getName() + ":" + p.getNodePort()).toList();
  }

  @Test
  void eachPortGetsARouteOfItsKindOnTheSharedNlbGatewayListenerInTheNewestServedVersion() {
    String edge = op().newNamespace();
    sharedNlb(edge, "shared-nlb");
    String ns = op().newNamespace();
    op().create(app(ns, "dns", attached(edge)));

    awaitGateway(ns, "dns", Reasons.GATEWAY_NOT_PROGRAMMED);
    GenericKubernetesResource udp = route("UDPRoute", ns, "dns-dns");
    assertThat(udp).as("UDPRoute dns-dns").isNotNull();
    // any served version reads the one stored object: the version it was written in is the write's managedFields
    assertThat(udp.getMetadata().getManagedFields()).filteredOn(f -> "exposedapp".equals(f.getManager()))
        .extracting(f -> f.getApiVersion()).containsExactly(ROUTES + "/" + expectedRouteVersion());
    assertThat(udp.<String>get("spec", "parentRefs", 0, "name")).isEqualTo("shared-nlb");
    assertThat(udp.<String>get("spec", "parentRefs", 0, "namespace")).isEqualTo(edge);
    assertThat(udp.<String>get("spec", "parentRefs", 0, "sectionName")).isEqualTo("udp-53");
    assertThat(udp.<String>get("spec", "rules", 0, "backendRefs", 0, "name")).isEqualTo("dns");
    assertThat(udp.<Integer>get("spec", "rules", 0, "backendRefs", 0, "port")).isEqualTo(53);
    GenericKubernetesResource tcp = route("TCPRoute", ns, "dns-admin");
    assertThat(tcp.<String>get("spec", "parentRefs", 0, "sectionName")).isEqualTo("tcp-8053");
    assertThat(tcp.<Integer>get("spec", "rules", 0, "backendRefs", 0, "port")).isEqualTo(8053);
    GenericKubernetesResource tgc = lbcObject("TargetGroupConfiguration", ns, "dns");
    assertThat(tgc.<String>get("spec", "defaultConfiguration", "targetType")).isEqualTo("instance");
    List<Map<String, Object>> routeConfigurations = tgc.get("spec", "routeConfigurations");
    assertThat(routeConfigurations).extracting(c -> (Object) ((Map<?, ?>) c.get("routeIdentifier")).get("kind"))
        .containsExactly("TCPRoute", "UDPRoute");
    assertThat(gateway(ns, "dns-nlb")).as("no NLB Gateway of its own when every route is attached").isNull();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theNlbControllersAnswersMakeTheAppReadyAtTheNlbsAddressAndAnotherControllersAreIgnored() {
    String edge = op().newNamespace();
    sharedNlb(edge, "shared-nlb");
    String ns = op().newNamespace();
    op().create(app(ns, "game", attached(edge)));
    awaitGateway(ns, "game", Reasons.GATEWAY_NOT_PROGRAMMED);

    lbcProgrammes(edge, "shared-nlb", "k8s-shared-nlb-1234.elb.eu-west-1.amazonaws.com");
    awaitGateway(ns, "game", Reasons.ROUTE_PENDING);
    routeAnswered("UDPRoute", ns, "game-dns", "example.com/another-controller",
        condition("Accepted", "False", "NotAllowedByListeners", "not mine"));
    await().during(Duration.ofSeconds(1)).atMost(OperatorHarness.TIMEOUT)
        .until(() -> Reasons.ROUTE_PENDING.equals(gatewayReason(ns, "game")));

    routeAnswered("UDPRoute", ns, "game-dns", LBC, condition("ResolvedRefs", "False", "BackendNotFound",
        "Unable to find service port"), condition("Accepted", "True", "Accepted", ""));
    assertThat(gatewayMessage(awaitGateway(ns, "game", Reasons.ROUTE_REFS_NOT_RESOLVED)))
        .contains("UDPRoute " + ns + "/game-dns", "BackendNotFound", "Unable to find service port");

    routeAnswered("UDPRoute", ns, "game-dns", LBC, condition("ResolvedRefs", "True", "ResolvedRefs", ""),
        condition("Accepted", "True", "Accepted", ""));
    assertThat(gatewayMessage(awaitGateway(ns, "game", Reasons.ROUTE_PENDING))).contains("TCPRoute " + ns
        + "/game-admin");
    routeAnswered("TCPRoute", ns, "game-admin", LBC, condition("ResolvedRefs", "True", "ResolvedRefs", ""),
        condition("Accepted", "True", "Accepted", ""));

    ExposedApp ready = op().awaitReady(ns, "game");
    assertThat(ready.getStatus().address()).isEqualTo("k8s-shared-nlb-1234.elb.eu-west-1.amazonaws.com");
    assertThat(ready.getStatus().url()).isEqualTo("k8s-shared-nlb-1234.elb.eu-west-1.amazonaws.com:53");
    assertThat(op().events(ns, "game", Reasons.ADDRESS_ASSIGNED)).isNotEmpty();
  }

  @Test
  void withAnAlbGatewayTooTheAppIsReadyWhenBothAreAndItsAddressIsTheAlbs() {
    String edge = op().newNamespace();
    sharedNlb(edge, "shared-nlb");
    op().client().resource(new GatewayBuilder().withNewMetadata().withName("shared-alb").withNamespace(edge)
        .endMetadata().withNewSpec().withGatewayClassName("alb").addNewListener().withName("http").withPort(80)
        .withProtocol("HTTP").withNewAllowedRoutes().withNewNamespaces().withFrom("All").endNamespaces()
        .endAllowedRoutes().endListener().endSpec().build()).create();
    String ns = op().newNamespace();
    op().create(app(ns, "both", """
        gateway:
          parentRefs: [{name: shared-alb, namespace: %1$s, sectionName: http}]
          rules: [{port: admin}]
        nlbGateway:
          routes:
            - {port: dns, parentRef: {name: shared-nlb, namespace: %1$s, sectionName: udp-53}}
        """.formatted(edge)));
    awaitGateway(ns, "both", Reasons.GATEWAY_NOT_PROGRAMMED);

    lbcProgrammes(edge, "shared-alb", "k8s-shared-alb-1.eu-west-1.elb.amazonaws.com");
    routeAnswered(ROUTES + "/v1", "HTTPRoute", ns, "both", "gateway.k8s.aws/alb",
        condition("ResolvedRefs", "True", "ResolvedRefs", ""), condition("Accepted", "True", "Accepted", ""));
    assertThat(gatewayMessage(awaitGateway(ns, "both", Reasons.GATEWAY_NOT_PROGRAMMED)))
        .as("the ALB is ready, the NLB is not").contains("Gateway " + edge + "/shared-nlb");

    lbcProgrammes(edge, "shared-nlb", "k8s-shared-nlb-2.elb.eu-west-1.amazonaws.com");
    routeAnswered("UDPRoute", ns, "both-dns", LBC, condition("ResolvedRefs", "True", "ResolvedRefs", ""),
        condition("Accepted", "True", "Accepted", ""));
    ExposedApp ready = op().awaitReady(ns, "both");
    assertThat(ready.getStatus().address()).isEqualTo("k8s-shared-alb-1.eu-west-1.elb.amazonaws.com");
    assertThat(gatewayMessage(ready)).contains("k8s-shared-alb-1", "k8s-shared-nlb-2");
  }

  @Test
  void anNlbOfItsOwnGetsAGatewayWithAListenerPerPortAndALoadBalancerConfiguration() {
    String ns = op().newNamespace();
    op().create(app(ns, "own", """
        nlbGateway:
          routes:
            - {port: dns}
            - {port: admin, listenerPort: 80}
          scheme: internet-facing
          subnets: [subnet-a, subnet-b]
          eipAllocations: [eipalloc-a, eipalloc-b]
        """));
    awaitGateway(ns, "own", Reasons.GATEWAY_NOT_PROGRAMMED);

    Gateway gateway = gateway(ns, "own-nlb");
    assertThat(gateway.getSpec().getGatewayClassName()).isEqualTo("nlb");
    assertThat(gateway.getSpec().getListeners()).extracting(l -> l.getName() + "=" + l.getProtocol() + ":"
        + l.getPort()).containsExactly("dns=UDP:53", "admin=TCP:80");
    assertThat(gateway.getSpec().getInfrastructure().getParametersRef().getName()).isEqualTo("own-nlb");
    GenericKubernetesResource lb = lbcObject("LoadBalancerConfiguration", ns, "own-nlb");
    assertThat(lb.<String>get("spec", "scheme")).isEqualTo("internet-facing");
    assertThat(lb.<String>get("spec", "loadBalancerSubnets", 1, "eipAllocation")).isEqualTo("eipalloc-b");
    assertThat(route("TCPRoute", ns, "own-admin").<String>get("spec", "parentRefs", 0, "name")).isEqualTo("own-nlb");
    assertThat(route("TCPRoute", ns, "own-admin").<String>get("spec", "parentRefs", 0, "sectionName"))
        .isEqualTo("admin");

    lbcProgrammes(ns, "own-nlb", "k8s-own-nlb-5678.elb.eu-west-1.amazonaws.com");
    for (String[] r : List.of(new String[] {"UDPRoute", "own-dns"}, new String[] {"TCPRoute", "own-admin"})) {
      routeAnswered(r[0], ns, r[1], LBC, condition("ResolvedRefs", "True", "ResolvedRefs", ""),
          condition("Accepted", "True", "Accepted", ""));
    }
    ExposedApp ready = op().awaitReady(ns, "own");
    assertThat(ready.getStatus().url()).isEqualTo("k8s-own-nlb-5678.elb.eu-west-1.amazonaws.com:53");
  }

  @Test
  void aTlsPortIsATlsRouteBehindATerminatingListenerWithTheCertificatesInTheLoadBalancerConfiguration() {
    Assumptions.assumeTrue(op().client().getApiResources(ROUTES + "/" + expectedRouteVersion()).getResources()
        .stream().anyMatch(r -> r.getName().equals("tlsroutes")), "this server does not serve TLSRoute (the "
        + "experimental channel's TLSRoute CRD needs Kubernetes 1.31)");
    String ns = op().newNamespace();
    op().create(app(ns, "dot", """
        nlbGateway:
          routes:
            - {port: dot, listenerPort: 853, tls: {hostnames: [dns.example.com]}}
          certificateArns: [arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000009]
        """));
    awaitGateway(ns, "dot", Reasons.GATEWAY_NOT_PROGRAMMED);

    GenericKubernetesResource tls = route("TLSRoute", ns, "dot-dot");
    assertThat(tls.<List<String>>get("spec", "hostnames")).containsExactly("dns.example.com");
    var listener = gateway(ns, "dot-nlb").getSpec().getListeners().get(0);
    assertThat(listener.getProtocol()).isEqualTo("TLS");
    assertThat(listener.getTls().getMode()).isEqualTo("Terminate");
    GenericKubernetesResource lb = lbcObject("LoadBalancerConfiguration", ns, "dot-nlb");
    assertThat(lb.<String>get("spec", "listenerConfigurations", 0, "protocolPort")).isEqualTo("TLS:853");
    assertThat(lb.<String>get("spec", "listenerConfigurations", 0, "defaultCertificate")).endsWith("000000000009");
    GenericKubernetesResource tgc = lbcObject("TargetGroupConfiguration", ns, "dot");
    assertThat(tgc.<String>get("spec", "routeConfigurations", 0, "routeIdentifier", "kind")).isEqualTo("TLSRoute");
    assertThat(tgc.<String>get("spec", "routeConfigurations", 0, "targetGroupProps", "protocol"))
        .as("the NLB terminates TLS and speaks TCP to the nodePort").isEqualTo("TCP");
  }

  @Test
  void movingAPortFromOneListenerToAnotherAndToAnNlbOfItsOwnMovesNoNodePort() {
    String edge = op().newNamespace();
    sharedNlb(edge, "shared-nlb");
    String ns = op().newNamespace();
    op().create(app(ns, "move", attached(edge)));
    awaitGateway(ns, "move", Reasons.GATEWAY_NOT_PROGRAMMED);
    Service before = op().service(ns, "move");

    op().apps().inNamespace(ns).withName("move").edit(a -> {
      a.setSpec(a.getSpec().withNlbGateway(app(ns, "move", attached(edge).replace("udp-53", "udp-5353"))
          .getSpec().nlbGateway()));
      return a;
    });
    Waits.await().until(() -> "udp-5353".equals(route("UDPRoute", ns, "move-dns")
        .<String>get("spec", "parentRefs", 0, "sectionName")));
    Service during = op().service(ns, "move");

    op().apps().inNamespace(ns).withName("move").edit(a -> {
      a.setSpec(a.getSpec().withNlbGateway(app(ns, "move", """
          nlbGateway:
            routes:
              - {port: dns}
              - {port: admin}
          """).getSpec().nlbGateway()));
      return a;
    });
    Waits.await().until(() -> gateway(ns, "move-nlb") != null
        && "move-nlb".equals(route("UDPRoute", ns, "move-dns").<String>get("spec", "parentRefs", 0, "name")));
    Service after = op().service(ns, "move");

    for (Service service : List.of(during, after)) {
      assertThat(service.getMetadata().getUid()).as("the same Service").isEqualTo(before.getMetadata().getUid());
      assertThat(nodePorts(service)).as("the same nodePorts").isEqualTo(nodePorts(before));
    }
  }

  @Test
  void removingTheSectionDeletesTheRoutesAndTheOwnGatewayAndKeepsTheService() {
    String ns = op().newNamespace();
    op().create(app(ns, "toggle", "nlbGateway: {routes: [{port: dns}, {port: admin}]}"));
    awaitGateway(ns, "toggle", Reasons.GATEWAY_NOT_PROGRAMMED);
    String serviceUid = op().service(ns, "toggle").getMetadata().getUid();

    op().apps().inNamespace(ns).withName("toggle").edit(a -> {
      a.setSpec(a.getSpec().withNlbGateway(null));
      return a;
    });

    Waits.await().until(() -> route("UDPRoute", ns, "toggle-dns") == null
        && route("TCPRoute", ns, "toggle-admin") == null && gateway(ns, "toggle-nlb") == null
        && lbcObject("LoadBalancerConfiguration", ns, "toggle-nlb") == null
        && lbcObject("TargetGroupConfiguration", ns, "toggle") == null);
    ExposedApp ready = op().awaitReady(ns, "toggle");
    assertThat(Conditions.find(ready.getStatus().conditions(), ConditionTypes.GATEWAY_READY)).isEmpty();
    assertThat(op().service(ns, "toggle").getMetadata().getUid()).isEqualTo(serviceUid);
  }

  @Test
  void aForeignRouteOfAPortsNameIsLeftAloneAndReported() {
    String ns = op().newNamespace();
    GenericKubernetesResource foreign = op().client().genericKubernetesResources(ROUTES + "/"
        + expectedRouteVersion(), "UDPRoute").inNamespace(ns).resource(Serialization.unmarshal("""
            apiVersion: %s/%s
            kind: UDPRoute
            metadata: {name: clash-dns}
            spec:
              parentRefs: [{name: elsewhere}]
              rules: [{backendRefs: [{name: other, port: 53}]}]
            """.formatted(ROUTES, expectedRouteVersion()), GenericKubernetesResource.class)).create();
    op().create(app(ns, "clash", "nlbGateway: {routes: [{port: dns}]}"));

    assertThat(gatewayMessage(awaitGateway(ns, "clash", Reasons.GATEWAY_NAME_TAKEN))).contains("UDPRoute " + ns
        + "/clash-dns");
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(route("UDPRoute", ns, "clash-dns").getMetadata().getResourceVersion())
            .isEqualTo(foreign.getMetadata().getResourceVersion()));
  }

  @Test
  void aHandWrittenRouteOfAPortsNameIsAdoptedInPlaceWithSpecAdopt() {
    String ns = op().newNamespace();
    GenericKubernetesResource handWritten = op().client().genericKubernetesResources(ROUTES + "/"
        + expectedRouteVersion(), "UDPRoute").inNamespace(ns).resource(Serialization.unmarshal("""
            apiVersion: %s/%s
            kind: UDPRoute
            metadata: {name: taken-dns}
            spec:
              parentRefs: [{name: elsewhere}]
              rules: [{backendRefs: [{name: taken, port: 53}]}]
            """.formatted(ROUTES, expectedRouteVersion()), GenericKubernetesResource.class)).create();
    ExposedApp app = app(ns, "taken", "nlbGateway: {routes: [{port: dns}]}");
    app.setSpec(new io.exposedapp.api.ExposedAppSpec(app.getSpec().selector(), null, app.getSpec().ports(), null,
        null, null, null, null, app.getSpec().nlbGateway(), null, true, null));
    op().create(app);

    Waits.await().until(() -> "taken-nlb".equals(route("UDPRoute", ns, "taken-dns")
        .<String>get("spec", "parentRefs", 0, "name")));
    GenericKubernetesResource adopted = route("UDPRoute", ns, "taken-dns");
    assertThat(adopted.getMetadata().getUid()).as("updated in place").isEqualTo(handWritten.getMetadata().getUid());
    assertThat(adopted.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("taken"));
  }

  @Test
  void twoPortsOnOneListenerAreRefusedWithTheFieldAndNothingIsWritten() {
    String edge = op().newNamespace();
    sharedNlb(edge, "shared-nlb");
    String ns = op().newNamespace();
    op().create(app(ns, "twice", """
        nlbGateway:
          routes:
            - {port: admin, parentRef: {name: shared-nlb, namespace: %1$s, sectionName: tcp-8053}}
            - {port: dot, parentRef: {name: shared-nlb, namespace: %1$s, sectionName: tcp-8053}}
        """.formatted(edge)));

    assertThat(gatewayMessage(awaitGateway(ns, "twice", Reasons.GATEWAY_INVALID)))
        .contains("spec.nlbGateway.routes[1].parentRef", "routes[0]");
    assertThat(route("TCPRoute", ns, "twice-admin")).isNull();
    assertThat(op().service(ns, "twice")).as("the Service is written all the same").isNotNull();
  }

  @Test
  void theRoutesAreAppliedOnceAndLeftAloneWhileNothingChanges() {
    String ns = op().newNamespace();
    op().create(app(ns, "steady", "nlbGateway: {routes: [{port: dns}, {port: admin}]}"));
    awaitGateway(ns, "steady", Reasons.GATEWAY_NOT_PROGRAMMED);
    List<String> versions = List.of(route("UDPRoute", ns, "steady-dns").getMetadata().getResourceVersion(),
        route("TCPRoute", ns, "steady-admin").getMetadata().getResourceVersion(),
        gateway(ns, "steady-nlb").getMetadata().getResourceVersion(),
        lbcObject("LoadBalancerConfiguration", ns, "steady-nlb").getMetadata().getResourceVersion(),
        lbcObject("TargetGroupConfiguration", ns, "steady").getMetadata().getResourceVersion());

    // a change of the app's status from outside makes the operator reconcile (and restore it) with the same spec
    op().apps().inNamespace(ns).withName("steady").editStatus(a -> {
      a.setStatus(null);
      return a;
    });
    op().awaitApp(ns, "steady", a -> a.getStatus() != null && Conditions.find(a.getStatus().conditions(),
        ConditionTypes.GATEWAY_READY).isPresent());

    await().during(Duration.ofSeconds(1)).atMost(OperatorHarness.TIMEOUT).untilAsserted(() ->
        assertThat(List.of(route("UDPRoute", ns, "steady-dns").getMetadata().getResourceVersion(),
            route("TCPRoute", ns, "steady-admin").getMetadata().getResourceVersion(),
            gateway(ns, "steady-nlb").getMetadata().getResourceVersion(),
            lbcObject("LoadBalancerConfiguration", ns, "steady-nlb").getMetadata().getResourceVersion(),
            lbcObject("TargetGroupConfiguration", ns, "steady").getMetadata().getResourceVersion()))
            .isEqualTo(versions));
  }
}
