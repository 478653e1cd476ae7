package io.exposedapp.reconciler;

import static io.exposedapp.testing.OperatorHarness.nodePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;


import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.status.Conditions;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.Waits;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * {@code spec.adopt}: a NodePort Service and an ALB Ingress written by hand before the operator existed are taken over
 * in place, without moving a nodePort; what another controller owns is never taken.
 */
@Tag("real-apiserver")
class AdoptionTest {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness();

  private static final String FOREIGN = "team.example.com/owner";

  /** What a team wrote by hand: no nodePorts given, so the API server picks them at random. */
  private static Service handWrittenService(String ns) {
    return Serialization.unmarshal("""
        apiVersion: v1
        kind: Service
        metadata:
          name: shop
          namespace: %s
          labels: {app: shop}
          annotations: {team.example.com/owner: payments}
        spec:
          type: NodePort
          selector: {app: shop}
          ports:
            - {name: http, port: 80, targetPort: 8080}
            - {name: admin, port: 9000}
        """.formatted(ns), Service.class);
  }

  private static Ingress handWrittenIngress(String ns) {
    return Serialization.unmarshal("""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: shop
          namespace: %s
          annotations:
            alb.ingress.kubernetes.io/scheme: internet-facing
            alb.ingress.kubernetes.io/target-type: instance
            alb.ingress.kubernetes.io/listen-ports: '[{"HTTP": 80}]'
            alb.ingress.kubernetes.io/group.name: shared
            team.example.com/owner: payments
        spec:
          ingressClassName: alb
          rules:
            - host: shop.example.com
              http:
                paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: shop, port: {name: http}}}}
        """.formatted(ns), Ingress.class);
  }

  /** What `import` makes of the two: the same spec, with spec.adopt. */
  private static ExposedApp importedApp(String ns, boolean adopt) {
    return Serialization.unmarshal("""
        apiVersion: exposedapp.io/v1alpha1
        kind: ExposedApp
        metadata: {name: shop, namespace: %s}
        spec:
          selector: {app: shop}
          ports:
            - {name: http, port: 80, targetPort: 8080}
            - {name: admin, port: 9000}
          serviceAnnotations: {team.example.com/owner: payments}
          ingress:
            className: alb
            scheme: internet-facing
            groupName: shared
            rules: [{host: shop.example.com, path: /, pathType: Prefix, port: http}]
            annotations: {team.example.com/owner: payments}
          adopt: %s
        """.formatted(ns, adopt), ExposedApp.class);
  }

  @Test
  void anAdoptedServiceAndIngressKeepTheirUidsNodePortsAndAnnotationsAndBecomeTheApps() {
    String ns = op.newNamespace();
    Service before = op.client().resource(handWrittenService(ns)).create();
    Ingress ingressBefore = op.client().resource(handWrittenIngress(ns)).create();
    // someone else's field on both, which the app does not manage
    op.client().services().inNamespace(ns).withName("shop")
        .edit(s -> { s.getMetadata().getAnnotations().put("other.example.com/note", "keep"); return s; });
    op.client().network().v1().ingresses().inNamespace(ns).withName("shop")
        .edit(i -> { i.getMetadata().getAnnotations().put("other.example.com/note", "keep"); return i; });

    ExposedApp created = op.create(importedApp(ns, true));
    op.awaitReason(ns, "shop", ConditionTypes.INGRESS_READY, Reasons.ADDRESS_PENDING);
    albControllerAssigns(ns, "shop", "k8s-shared-123.eu-west-1.elb.amazonaws.com");
    ExposedApp ready = op.awaitReady(ns, "shop");

    Service after = op.service(ns, "shop");
    assertThat(after.getMetadata().getUid()).as("patched in place").isEqualTo(before.getMetadata().getUid());
    assertThat(nodePort(after, "http")).isEqualTo(nodePort(before, "http"));
    assertThat(nodePort(after, "admin")).isEqualTo(nodePort(before, "admin"));
    assertThat(OperatorHarness.statusNodePort(ready, "http")).isEqualTo(nodePort(before, "http"));
    assertThat(after.getMetadata().getAnnotations()).containsEntry(FOREIGN, "payments")
        .containsEntry("other.example.com/note", "keep");
    assertThat(after.getMetadata().getLabels()).as("labels others set survive").containsEntry("app", "shop");
    assertThat(after.getMetadata().getOwnerReferences()).singleElement().satisfies(this::isTheAppsController);
    assertThat(after.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo(created.getMetadata().getUid());

    Ingress ingressAfter = op.ingress(ns, "shop");
    assertThat(ingressAfter.getMetadata().getUid()).isEqualTo(ingressBefore.getMetadata().getUid());
    assertThat(ingressAfter.getMetadata().getAnnotations())
        .containsAllEntriesOf(ingressBefore.getMetadata().getAnnotations())
        .containsEntry("other.example.com/note", "keep");
    assertThat(ingressAfter.getMetadata().getOwnerReferences()).singleElement().satisfies(this::isTheAppsController);
    assertThat(op.events(ns, "shop", ExposedAppReconciler.ADOPTED)).extracting(e -> e.getMessage())
        .containsExactlyInAnyOrder("took over Service " + ns + "/shop as it was, nodePorts http:"
            + nodePort(before, "http") + ",admin:" + nodePort(before, "admin") + " (spec.adopt)",
            "took over Ingress " + ns + "/shop as it was (spec.adopt)");

    if (op.collectsGarbage()) {
      op.apps().inNamespace(ns).withName("shop").delete();
      Waits.await().untilAsserted(() -> {
        assertThat(op.client().services().inNamespace(ns).withName("shop").get()).as("Service").isNull();
        assertThat(op.client().network().v1().ingresses().inNamespace(ns).withName("shop").get()).as("Ingress")
            .isNull();
      });
    }
  }

  @Test
  void withoutAdoptNothingIsTouchedAndTheConditionSaysAdoptWouldTakeItOver() {
    String ns = op.newNamespace();
    Service before = op.client().resource(handWrittenService(ns)).create();

    op.create(importedApp(ns, false));
    ExposedApp refused = op.awaitReason(ns, "shop", ConditionTypes.SERVICE_READY, Reasons.SERVICE_NAME_TAKEN);

    assertThat(Conditions.find(refused.getStatus().conditions(), ConditionTypes.SERVICE_READY).orElseThrow()
        .getMessage()).contains("is not owned by this ExposedApp").contains("Set spec.adopt: true to take it over");
    assertThat(op.service(ns, "shop").getMetadata().getResourceVersion())
        .isEqualTo(before.getMetadata().getResourceVersion());
  }

  @Test
  void aServiceAnotherControllerOwnsIsNotAdoptedAndTheConditionNamesTheController() {
    String ns = op.newNamespace();
    var owner = op.client().resource(new ConfigMapBuilder().withNewMetadata().withName("release").withNamespace(ns)
        .endMetadata().build()).create();
    Service owned = handWrittenService(ns);
    owned.getMetadata().getOwnerReferences().add(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
        .withApiVersion("v1").withKind("ConfigMap").withName("release").withUid(owner.getMetadata().getUid())
        .withController(true).build());
    Service before = op.client().resource(owned).create();

    op.create(importedApp(ns, true));
    ExposedApp refused = op.awaitReason(ns, "shop", ConditionTypes.SERVICE_READY, Reasons.SERVICE_NAME_TAKEN);

    assertThat(Conditions.find(refused.getStatus().conditions(), ConditionTypes.SERVICE_READY).orElseThrow()
        .getMessage()).contains("is controlled by ConfigMap release");
    Service after = op.service(ns, "shop");
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(after.getMetadata().getOwnerReferences()).extracting(OwnerReference::getKind).containsExactly("ConfigMap");
  }

  @Test
  void aForeignIngressOfTheAppsNameIsNeverDeletedByAnAppThatWantsNoIngress() {
    String ns = op.newNamespace();
    Ingress foreign = op.client().resource(handWrittenIngress(ns)).create();
    ExposedApp withoutIngress = importedApp(ns, false);
    withoutIngress.setSpec(withoutIngress.getSpec().withIngress(null));

    op.create(withoutIngress);
    op.awaitReady(ns, "shop");
    op.apps().inNamespace(ns).withName("shop").edit(a -> { a.getMetadata().getLabels().put("touched", "1"); return a; });

    // found by name, the foreign Ingress is the app's secondary resource: JOSDK alone would delete it here
    await().during(java.time.Duration.ofSeconds(2)).atMost(OperatorHarness.TIMEOUT).untilAsserted(() ->
        assertThat(op.client().network().v1().ingresses().inNamespace(ns).withName("shop").get()).isNotNull()
            .satisfies(i -> assertThat(i.getMetadata().getUid()).isEqualTo(foreign.getMetadata().getUid())));
  }

  @Test
  void anIngressWithTheLegacyClassAnnotationIsAdoptedAndGetsTheClassFieldToo() {
    String ns = op.newNamespace();
    op.client().resource(handWrittenService(ns)).create();
    Ingress legacy = handWrittenIngress(ns);
    legacy.getSpec().setIngressClassName(null);
    legacy.getMetadata().getAnnotations().put("kubernetes.io/ingress.class", "alb");
    Ingress before = op.client().resource(legacy).create();

    op.create(importedApp(ns, true));
    op.awaitReason(ns, "shop", ConditionTypes.INGRESS_READY, Reasons.ADDRESS_PENDING);

    // kube-apiserver refuses the annotation next to the field only when an Ingress is created, not on an update
    Ingress after = op.ingress(ns, "shop");
    assertThat(after.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
    assertThat(after.getSpec().getIngressClassName()).isEqualTo("alb");
    assertThat(after.getMetadata().getAnnotations()).containsEntry("kubernetes.io/ingress.class", "alb");
    assertThat(after.getMetadata().getOwnerReferences()).singleElement().satisfies(this::isTheAppsController);
  }

  private void isTheAppsController(OwnerReference ref) {
    assertThat(ref.getKind()).isEqualTo("ExposedApp");
    assertThat(ref.getController()).isTrue();
  }

  /** What the AWS Load Balancer Controller does once the ALB exists. */
  private static void albControllerAssigns(String ns, String name, String hostname) {
    Ingress ingress = op.ingress(ns, name);
    ingress.setStatus(new IngressStatusBuilder().withNewLoadBalancer()
        .withIngress(new IngressLoadBalancerIngressBuilder().withHostname(hostname).build()).endLoadBalancer().build());
    op.client().network().v1().ingresses().inNamespace(ns).resource(ingress).updateStatus();
  }

}
