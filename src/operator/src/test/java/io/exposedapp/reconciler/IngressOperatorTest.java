package io.exposedapp.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.status.Conditions;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.Waits;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

/** The ALB Ingress with the real operator against the API test server; the tests play the AWS Load Balancer Controller. */
@Tag("real-apiserver")
class IngressOperatorTest {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness();

  private static ExposedApp app(String namespace, String name, String ingressYaml) {
    return Serialization.unmarshal("""
        apiVersion: exposedapp.io/v1alpha1
        kind: ExposedApp
        metadata: {name: %s, namespace: %s}
        spec:
          selector: {app: %s}
          ports:
            - {name: http, port: 80, targetPort: 8080}
            - {name: dns, port: 53, protocol: UDP}
        %s
        """.formatted(name, namespace, name, ingressYaml.indent(2)), ExposedApp.class);
  }

  private static final String PUBLIC = """
      ingress:
        scheme: internet-facing
        rules:
          - {host: web.example.com, path: /, port: http}
        certificateArns: [arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000000]
        sslRedirect: true
      """;

  /** What the AWS Load Balancer Controller does once the ALB exists. */
  private void albControllerAssigns(String ns, String name, String hostname) {
    Ingress ingress = op.ingress(ns, name);
    ingress.setStatus(new IngressStatusBuilder().withNewLoadBalancer()
        .withIngress(new IngressLoadBalancerIngressBuilder().withHostname(hostname).build()).endLoadBalancer().build());
    op.client().network().v1().ingresses().inNamespace(ns).resource(ingress).updateStatus();
  }

  @Test
  void anEnabledIngressRoutesTheAlbToTheServicePortInInstanceMode() {
    String ns = op.newNamespace();
    op.create(app(ns, "web", PUBLIC));
    ExposedApp pending = op.awaitReason(ns, "web", ConditionTypes.INGRESS_READY, Reasons.ADDRESS_PENDING);
    assertThat(Conditions.isTrue(pending.getStatus().conditions(), ConditionTypes.READY)).isFalse();

    Ingress ingress = op.ingress(ns, "web");
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("alb");
    assertThat(ingress.getMetadata().getAnnotations())
        .containsEntry("alb.ingress.kubernetes.io/target-type", "instance")
        .containsEntry("alb.ingress.kubernetes.io/scheme", "internet-facing")
        .containsEntry("alb.ingress.kubernetes.io/ssl-redirect", "443")
        .containsKey("alb.ingress.kubernetes.io/listen-ports")
        .containsKey("alb.ingress.kubernetes.io/certificate-arn");
    assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getHost()).isEqualTo("web.example.com");
      assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
        assertThat(path.getBackend().getService().getName()).isEqualTo("web");
        assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
      });
    });
    assertThat(ingress.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(r -> assertThat(r.getController()).isTrue());
  }

  @Test
  void theAlbAddressFromTheControllerReachesTheStatusAndMakesTheAppReady() {
    String ns = op.newNamespace();
    op.create(app(ns, "shop", PUBLIC));
    op.awaitReason(ns, "shop", ConditionTypes.INGRESS_READY, Reasons.ADDRESS_PENDING);

    albControllerAssigns(ns, "shop", "k8s-shop-1234.eu-west-1.elb.amazonaws.com");

    ExposedApp ready = op.awaitReady(ns, "shop");
    assertThat(ready.getStatus().address()).isEqualTo("k8s-shop-1234.eu-west-1.elb.amazonaws.com");
    assertThat(ready.getStatus().url()).isEqualTo("https://web.example.com/");
    assertThat(Conditions.find(ready.getStatus().conditions(), ConditionTypes.INGRESS_READY).orElseThrow()
        .getReason()).isEqualTo(Reasons.ADDRESS_ASSIGNED);
    assertThat(op.client().v1().events().inNamespace(ns).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo(Reasons.ADDRESS_ASSIGNED));
  }

  @Test
  void disablingTheIngressDeletesItAndKeepsTheService() {
    String ns = op.newNamespace();
    op.create(app(ns, "toggle", PUBLIC));
    op.awaitReason(ns, "toggle", ConditionTypes.INGRESS_READY, Reasons.ADDRESS_PENDING);
    String serviceUid = op.service(ns, "toggle").getMetadata().getUid();

    op.apps().inNamespace(ns).withName("toggle").edit(a -> {
      a.setSpec(a.getSpec().withIngress(null));
      return a;
    });

    Waits.await().until(() -> op.ingress(ns, "toggle") == null);
    ExposedApp ready = op.awaitReady(ns, "toggle");
    assertThat(Conditions.find(ready.getStatus().conditions(), ConditionTypes.INGRESS_READY)).isEmpty();
    assertThat(ready.getStatus().address()).isNull();
    assertThat(op.service(ns, "toggle").getMetadata().getUid()).isEqualTo(serviceUid);
  }

  /** name, the app's ingress section, a fragment of the message, and whether the CRD schema refuses it already. */
  static Stream<Arguments> lintCases() {
    return Stream.of(
        Arguments.of("udp", "ingress: {rules: [{port: dns}]}", "UDP", false),
        Arguments.of("missing-port", "ingress: {rules: [{port: nope}]}", "nope", false),
        Arguments.of("target-type", "ingress: {annotations: {alb.ingress.kubernetes.io/target-type: ip}}",
            "target-type", false),
        Arguments.of("group-order", "ingress: {groupName: shared, groupOrder: 2000}", "groupOrder", true),
        Arguments.of("lb-name", "ingress: {loadBalancerName: this-name-is-much-too-long-for-aws-albs}",
            "loadBalancerName", true),
        Arguments.of("arn", "ingress: {certificateArns: [not-an-arn]}", "not-an-arn", false),
        Arguments.of("group-name", "ingress: {groupName: Shared_Group}", "groupName", true),
        Arguments.of("host", "ingress: {rules: [{host: 'bad host', port: http}]}", "host", true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lintCases")
  void aLintProblemIsReportedAndNoIngressIsWritten(String name, String ingressYaml, String mentioned,
      boolean schemaRejects) {
    String ns = op.newNamespace();
    if (schemaRejects) {
      // refused at once by the CRD schema, naming the field
      assertThatThrownBy(() -> op.create(app(ns, name, ingressYaml)))
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(422);
            assertThat(e.getStatus().getMessage()).contains(mentioned);
          });
      if (!op.canStoreUnvalidatedCustomResources()) {
        return;
      }
      // where the schema is not enforced, the lint must still keep the Ingress back
      op.withoutCrdSchema(() -> {
        op.create(app(ns, name, ingressYaml));
        expectLintReport(ns, name, mentioned);
      });
      return;
    }
    op.create(app(ns, name, ingressYaml));
    expectLintReport(ns, name, mentioned);
  }

  private static void expectLintReport(String ns, String name, String mentioned) {
    ExposedApp app = op.awaitReason(ns, name, ConditionTypes.INGRESS_READY, Reasons.INGRESS_INVALID);
    assertThat(Conditions.find(app.getStatus().conditions(), ConditionTypes.INGRESS_READY).orElseThrow()
        .getMessage()).contains(mentioned);
    assertThat(op.service(ns, name)).as("the Service is still written").isNotNull();
    assertThat(op.ingress(ns, name)).isNull();
    assertThat(op.client().v1().events().inNamespace(ns).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo(Reasons.INGRESS_INVALID));
  }

  @Test
  void externalTrafficPolicyLocalIsAnInvalidIngressInInstanceMode() {
    String ns = op.newNamespace();
    ExposedApp app = app(ns, "local", "ingress: {}");
    app.setSpec(new io.exposedapp.api.ExposedAppSpec(app.getSpec().selector(), null, app.getSpec().ports(),
        io.exposedapp.api.ExternalTrafficPolicy.Local, null, app.getSpec().ingress(), null, null));
    op.create(app);
    ExposedApp reported = op.awaitReason(ns, "local", ConditionTypes.INGRESS_READY, Reasons.INGRESS_INVALID);
    assertThat(Conditions.find(reported.getStatus().conditions(), ConditionTypes.INGRESS_READY).orElseThrow()
        .getMessage()).contains("Local");
    assertThat(op.ingress(ns, "local")).isNull();
  }

  @Test
  void aForeignIngressWithTheAppsNameIsLeftAloneAndReported() {
    String ns = op.newNamespace();
    Ingress foreign = op.client().network().v1().ingresses().inNamespace(ns).resource(new IngressBuilder()
        .withNewMetadata().withName("clash").endMetadata().withNewSpec().withIngressClassName("nginx")
        .withNewDefaultBackend().withNewService().withName("elsewhere").withNewPort().withNumber(80).endPort()
        .endService().endDefaultBackend().endSpec().build()).create();
    op.create(app(ns, "clash", "ingress: {}"));
    op.awaitReason(ns, "clash", ConditionTypes.INGRESS_READY, Reasons.INGRESS_NAME_TAKEN);
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).untilAsserted(() ->
        assertThat(op.ingress(ns, "clash").getMetadata().getResourceVersion())
            .isEqualTo(foreign.getMetadata().getResourceVersion()));
  }

  @Test
  void aRefusedIngressWriteIsReportedOnTheIngressConditionAndRetried() {
    String ns = op.newNamespace();
    var refusal = op.server().faults().failNext(2, "PATCH", "/namespaces/" + ns + "/ingresses/refused", 422,
        "Ingress.networking.k8s.io \"refused\" is invalid: metadata.annotations: Invalid value");
    op.create(app(ns, "refused", "ingress: {}"));
    ExposedApp failed = op.awaitReason(ns, "refused", ConditionTypes.INGRESS_READY, Reasons.INGRESS_APPLY_FAILED);
    assertThat(Conditions.isTrue(failed.getStatus().conditions(), ConditionTypes.SERVICE_READY)).isTrue();
    assertThat(Conditions.find(failed.getStatus().conditions(), ConditionTypes.INGRESS_READY).orElseThrow()
        .getMessage()).contains("422");

    op.awaitReason(ns, "refused", ConditionTypes.INGRESS_READY, Reasons.ADDRESS_PENDING);
    assertThat(refusal.fired()).isEqualTo(2);
    assertThat(op.ingress(ns, "refused")).isNotNull();
  }
}
