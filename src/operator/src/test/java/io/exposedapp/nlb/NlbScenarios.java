package io.exposedapp.nlb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.lbc.TargetGroupBinding;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.status.Conditions;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.Waits;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The loadBalancer section and target group bindings with the real operator; the tests play the AWS Load Balancer
 * Controller (the NLB's DNS name in the Service's status, a binding's observed generation, a warning Event). Run
 * against the TargetGroupBinding CRD each subclass installs (derived from the model, or LBC's own), on both servers.
 */
abstract class NlbScenarios {

  static final String NLB_HOSTNAME = "k8s-games-game-0123456789.elb.eu-west-1.amazonaws.com";

  abstract OperatorHarness op();

  static ExposedApp app(String namespace, String name, String more) {
    return Serialization.unmarshal("""
        apiVersion: exposedapp.io/v1alpha1
        kind: ExposedApp
        metadata: {name: %s, namespace: %s}
        spec:
          selector: {app: %s}
          ports:
            - {name: play, port: 7777, protocol: UDP}
            - {name: api, port: 8443}
        %s
        """.formatted(name, namespace, name, more.indent(2)), ExposedApp.class);
  }

  /** What the controller writes once the NLB exists. */
  void lbcProvisions(String namespace, String name, String hostname) {
    Service service = op().service(namespace, name);
    service.setStatus(new ServiceStatusBuilder().withNewLoadBalancer().addNewIngress().withHostname(hostname)
        .endIngress().endLoadBalancer().build());
    op().client().services().inNamespace(namespace).resource(service).updateStatus();
  }

  @Test
  void turningTheLoadBalancerOnAndOffChangesTheTypeInPlaceAndMovesNoNodePort() {
    String ns = op().newNamespace();
    op().create(app(ns, "game", ""));
    ExposedApp before = op().awaitReady(ns, "game");
    Service nodePortService = op().service(ns, "game");

    op().apps().inNamespace(ns).withName("game").edit(a -> {
      a.setSpec(app(ns, "game", "loadBalancer: {scheme: internet-facing}").getSpec());
      return a;
    });
    op().awaitReason(ns, "game", ConditionTypes.LOAD_BALANCER_READY, Reasons.ADDRESS_PENDING);
    Service nlb = op().service(ns, "game");
    assertThat(nlb.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(nlb.getSpec().getLoadBalancerClass()).isEqualTo(NlbAnnotations.NLB_CLASS);
    assertThat(nlb.getMetadata().getAnnotations()).containsEntry(NlbAnnotations.TARGET_TYPE, "instance")
        .containsEntry(NlbAnnotations.SCHEME, "internet-facing");
    assertThat(nlb.getMetadata().getUid()).isEqualTo(nodePortService.getMetadata().getUid());
    assertThat(nlb.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getNodePort())
        .containsExactlyElementsOf(nodePortService.getSpec().getPorts().stream()
            .map(p -> p.getName() + ":" + p.getNodePort()).toList());

    lbcProvisions(ns, "game", NLB_HOSTNAME);
    ExposedApp ready = op().awaitApp(ns, "game", a -> Conditions.isTrue(a.getStatus().conditions(),
        ConditionTypes.READY));
    assertThat(ready.getStatus().address()).isEqualTo(NLB_HOSTNAME);
    assertThat(ready.getStatus().url()).isEqualTo(NLB_HOSTNAME + ":7777");
    assertThat(ready.getStatus().nodePorts()).isEqualTo(before.getStatus().nodePorts());

    op().apps().inNamespace(ns).withName("game").edit(a -> {
      a.setSpec(app(ns, "game", "loadBalancer: {enabled: false}").getSpec());
      return a;
    });
    ExposedApp back = op().awaitApp(ns, "game", a -> Conditions.isTrue(a.getStatus().conditions(),
        ConditionTypes.READY) && Conditions.find(a.getStatus().conditions(), ConditionTypes.LOAD_BALANCER_READY)
            .isEmpty());
    Service again = Waits.until("Service " + ns + "/game of type NodePort", () -> op().service(ns, "game"),
        s -> "NodePort".equals(s.getSpec().getType()), s -> s.getSpec().getType());
    assertThat(again.getSpec().getLoadBalancerClass()).isNull();
    assertThat(again.getMetadata().getUid()).isEqualTo(nodePortService.getMetadata().getUid());
    assertThat(again.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getNodePort())
        .containsExactlyElementsOf(nodePortService.getSpec().getPorts().stream()
            .map(p -> p.getName() + ":" + p.getNodePort()).toList());
    assertThat(back.getStatus().address()).isNull();
  }

  @Test
  void aLocalLoadBalancerGetsItsHealthCheckNodePortFromTheOperatorKeepsItThroughAStatusLossAndDropsItForCluster() {
    String ns = op().newNamespace();
    op().create(app(ns, "local", "externalTrafficPolicy: Local\nloadBalancer: {}"));

    ExposedApp app = op().awaitReason(ns, "local", ConditionTypes.LOAD_BALANCER_READY, Reasons.ADDRESS_PENDING);
    Service service = op().service(ns, "local");
    Integer healthCheck = service.getSpec().getHealthCheckNodePort();
    assertThat(healthCheck).isNotNull().isEqualTo(app.getStatus().healthCheckNodePort());
    // the operator's apply carried it: the API server did not pick it at random
    assertThat(service.getMetadata().getManagedFields())
        .filteredOn(f -> "exposedapp".equals(f.getManager()))
        .anySatisfy(f -> assertThat(Serialization.asJson(f.getFieldsV1())).contains("f:healthCheckNodePort"));

    // a status lost (as after a restore) gets the same port back
    op().apps().inNamespace(ns).withName("local").editStatus(a -> {
      a.setStatus(null);
      return a;
    });
    ExposedApp restored = op().awaitApp(ns, "local", a -> a.getStatus().healthCheckNodePort() != null);
    assertThat(restored.getStatus().healthCheckNodePort()).isEqualTo(healthCheck);
    assertThat(op().service(ns, "local").getSpec().getHealthCheckNodePort()).isEqualTo(healthCheck);

    // back to Cluster: the Service no longer has one, nor the status, and no nodePort moved
    op().apps().inNamespace(ns).withName("local").edit(a -> {
      a.setSpec(app(ns, "local", "loadBalancer: {}").getSpec());
      return a;
    });
    ExposedApp cluster = op().awaitApp(ns, "local", a -> a.getStatus().healthCheckNodePort() == null);
    Service without = Waits.until("Service " + ns + "/local without a health check nodePort",
        () -> op().service(ns, "local"), s -> s.getSpec().getHealthCheckNodePort() == null,
        s -> "healthCheckNodePort " + s.getSpec().getHealthCheckNodePort());
    assertThat(without.getSpec().getExternalTrafficPolicy()).isEqualTo("Cluster");
    assertThat(cluster.getStatus().nodePorts()).isEqualTo(app.getStatus().nodePorts());
  }

  @Test
  void aLoadBalancerServiceOfAnotherClassIsLeftAloneAndItsAddressIsNotTheApps() {
    String ns = op().newNamespace();
    Service other = op().client().services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata()
        .withName("legacy").endMetadata().withNewSpec().withType("LoadBalancer")
        .withLoadBalancerClass("example.com/other").withSelector(Map.of("app", "legacy")).addNewPort()
        .withName("play").withPort(7777).withProtocol("UDP").endPort().addNewPort().withName("api").withPort(8443)
        .endPort().endSpec().build()).create();
    lbcProvisions(ns, "legacy", "other-lb.example.com");
    String provisioned = op().service(ns, "legacy").getMetadata().getResourceVersion();

    op().create(app(ns, "legacy", "adopt: true\nloadBalancer: {}"));

    ExposedApp app = op().awaitReason(ns, "legacy", ConditionTypes.LOAD_BALANCER_READY,
        Reasons.LOAD_BALANCER_NOT_MANAGED);
    assertThat(Conditions.find(app.getStatus().conditions(), ConditionTypes.LOAD_BALANCER_READY).orElseThrow()
        .getMessage()).contains("already a LoadBalancer of class example.com/other");
    assertThat(app.getStatus().address()).isNull();
    assertThat(Conditions.isTrue(app.getStatus().conditions(), ConditionTypes.READY)).isFalse();
    Service after = op().service(ns, "legacy");
    assertThat(after.getSpec().getLoadBalancerClass()).isEqualTo("example.com/other");
    assertThat(after.getMetadata().getResourceVersion()).as("never written").isEqualTo(provisioned);
    assertThat(after.getMetadata().getUid()).isEqualTo(other.getMetadata().getUid());
    assertThat(after.getMetadata().getOwnerReferences()).isEmpty();
  }

  @Test
  void aBindingTargetsTheServicePortOpensTheNodePortAndIsReadyOnceTheControllerObservedIt() {
    String ns = op().newNamespace();
    op().create(app(ns, "dns", """
        targetGroupBindings:
          - port: play
            targetGroupARN: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/play/0123456789abcdef"
            allowFrom: [{securityGroup: sg-0123456789abcdef0}]
        """));
    ExposedApp pending = op().awaitReason(ns, "dns", ConditionTypes.TARGET_GROUP_BINDINGS_READY,
        Reasons.BINDING_PENDING);
    int nodePort = OperatorHarness.statusNodePort(pending, "play");
    var bindings = op().client().resources(TargetGroupBinding.class).inNamespace(ns);
    TargetGroupBinding binding = bindings.withName("dns-play").get();
    assertThat(binding.getSpec().targetType()).isEqualTo("instance");
    assertThat(binding.getSpec().serviceRef().name()).isEqualTo("dns");
    assertThat(binding.getSpec().serviceRef().port().getIntVal()).isEqualTo(7777);
    assertThat(binding.getSpec().networking().ingress().get(0).ports().get(0).port().getIntVal())
        .isEqualTo(nodePort);
    assertThat(Conditions.isTrue(pending.getStatus().conditions(), ConditionTypes.READY)).isFalse();

    // the controller fails first: its warning is the app's message
    op().client().v1().events().inNamespace(ns).resource(new EventBuilder().withNewMetadata()
        .withName("dns-play.failed").endMetadata().withType("Warning").withReason("FailedReconcile")
        .withMessage("Failed reconcile due to AccessDenied: not authorized to perform RegisterTargets")
        .withLastTimestamp(Instant.now().toString().replaceAll("\\.[0-9]+Z$", "Z"))
        .withNewInvolvedObject().withApiVersion(TargetGroupBinding.API_VERSION).withKind("TargetGroupBinding")
        .withNamespace(ns).withName("dns-play").withUid(binding.getMetadata().getUid()).endInvolvedObject()
        .withNewSource().withComponent("targetGroupBinding").endSource().build()).create();
    ExposedApp failed = op().awaitReason(ns, "dns", ConditionTypes.TARGET_GROUP_BINDINGS_READY,
        Reasons.BINDING_FAILED);
    assertThat(Conditions.find(failed.getStatus().conditions(), ConditionTypes.TARGET_GROUP_BINDINGS_READY)
        .orElseThrow().getMessage()).contains("FailedReconcile: Failed reconcile due to AccessDenied");

    // then succeeds: it observes the generation and says so
    op().client().v1().events().inNamespace(ns).resource(new EventBuilder().withNewMetadata()
        .withName("dns-play.reconciled").endMetadata().withType("Normal").withReason("SuccessfullyReconciled")
        .withMessage("Successfully reconciled")
        .withLastTimestamp(Instant.now().plusSeconds(1).toString().replaceAll("\\.[0-9]+Z$", "Z"))
        .withNewInvolvedObject().withApiVersion(TargetGroupBinding.API_VERSION).withKind("TargetGroupBinding")
        .withNamespace(ns).withName("dns-play").withUid(binding.getMetadata().getUid()).endInvolvedObject()
        .withNewSource().withComponent("targetGroupBinding").endSource().build()).create();
    binding.setStatus(new TargetGroupBinding.Status(binding.getMetadata().getGeneration(), null));
    bindings.resource(binding).updateStatus();
    ExposedApp bound = op().awaitReady(ns, "dns");
    assertThat(Conditions.find(bound.getStatus().conditions(), ConditionTypes.TARGET_GROUP_BINDINGS_READY)
        .orElseThrow().getReason()).isEqualTo(Reasons.BOUND);

    // an entry removed deletes its binding
    op().apps().inNamespace(ns).withName("dns").edit(a -> {
      a.setSpec(a.getSpec().withTargetGroupBindings(null));
      return a;
    });
    Waits.until("TargetGroupBinding " + ns + "/dns-play deleted", () -> bindings.withName("dns-play").get(),
        b -> b == null, b -> "still there");
  }

  @Test
  void aHandWrittenBindingNamedByTheEntryIsAdoptedInPlace() {
    String ns = op().newNamespace();
    TargetGroupBinding handWritten = new TargetGroupBinding();
    handWritten.getMetadata().setName("legacy-api");
    handWritten.getMetadata().setNamespace(ns);
    handWritten.setSpec(new TargetGroupBinding.Spec(null, "legacy-api", "instance",
        new TargetGroupBinding.ServiceReference("legacy", new io.fabric8.kubernetes.api.model.IntOrString(8443)),
        null, null));
    TargetGroupBinding created = op().client().resource(handWritten).create();

    op().create(app(ns, "legacy", """
        adopt: true
        targetGroupBindings: [{port: api, targetGroupName: legacy-api, name: legacy-api}]
        """));

    TargetGroupBinding adopted = Waits.until("TargetGroupBinding " + ns + "/legacy-api adopted",
        () -> op().client().resources(TargetGroupBinding.class).inNamespace(ns).withName("legacy-api").get(),
        b -> !b.getMetadata().getOwnerReferences().isEmpty(), b -> "owners " + b.getMetadata().getOwnerReferences());
    assertThat(adopted.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
    assertThat(adopted.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("ExposedApp"))
        .satisfies(o -> assertThat(o.getController()).isTrue());
    assertThat(adopted.getSpec().serviceRef().port().getIntVal()).isEqualTo(8443);
    op().awaitReason(ns, "legacy", ConditionTypes.TARGET_GROUP_BINDINGS_READY, Reasons.BINDING_PENDING);
  }

  @Test
  void aBindingOfTheSameNameThatIsAnothersIsLeftAloneAndReported() {
    String ns = op().newNamespace();
    TargetGroupBinding foreign = new TargetGroupBinding();
    foreign.getMetadata().setName("web-api");
    foreign.getMetadata().setNamespace(ns);
    foreign.setSpec(new TargetGroupBinding.Spec(null, "someone-elses", "instance",
        new TargetGroupBinding.ServiceReference("other", new io.fabric8.kubernetes.api.model.IntOrString(80)),
        null, null));
    TargetGroupBinding created = op().client().resource(foreign).create();

    op().create(app(ns, "web", "targetGroupBindings: [{port: api, targetGroupName: web-api}]"));

    ExposedApp app = op().awaitReason(ns, "web", ConditionTypes.TARGET_GROUP_BINDINGS_READY,
        Reasons.TARGET_GROUP_BINDING_NAME_TAKEN);
    assertThat(Conditions.find(app.getStatus().conditions(), ConditionTypes.TARGET_GROUP_BINDINGS_READY)
        .orElseThrow().getMessage()).contains("TargetGroupBinding " + ns + "/web-api already exists");
    TargetGroupBinding after = op().client().resources(TargetGroupBinding.class).inNamespace(ns)
        .withName("web-api").get();
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
    assertThat(after.getSpec().targetGroupName()).isEqualTo("someone-elses");
    assertThat(List.of(after.getMetadata().getOwnerReferences().toArray())).isEmpty();
  }
}
