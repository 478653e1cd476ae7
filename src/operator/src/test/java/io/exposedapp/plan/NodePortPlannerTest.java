package io.exposedapp.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.exposedapp.allocation.PortRange;
import io.exposedapp.testing.Waits;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppSpec;
import io.exposedapp.api.ExposedAppStatus;
import io.exposedapp.api.NodePortStatus;
import io.exposedapp.api.PortSpec;
import io.exposedapp.api.Protocol;
import io.exposedapp.meta.Labels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

class NodePortPlannerTest {

  private final NodePortPlanner planner = new NodePortPlanner(PortRange.DEFAULT, Clock.systemUTC());

  private static ExposedApp app(String name, Integer recordedNodePort) {
    ExposedApp app = new ExposedApp(new ExposedAppSpec(Map.of("app", name), null,
        List.of(new PortSpec("http", 80, null, null, null)), null, null, null, null, null));
    app.setMetadata(new ObjectMetaBuilder().withNamespace("ns").withName(name).withUid("uid-" + name)
        .withGeneration(1L).build());
    if (recordedNodePort != null) {
      app.setStatus(new ExposedAppStatus(1L, name, List.of(new NodePortStatus("http", 80, Protocol.TCP,
          recordedNodePort)), null, null, null, List.of()));
    }
    return app;
  }

  private static Service serviceOf(ExposedApp app, int nodePort) {
    return new ServiceBuilder().withNewMetadata().withNamespace("ns").withName(app.getMetadata().getName())
        .withOwnerReferences(Labels.controllerReference(app)).endMetadata()
        .withNewSpec().withType("NodePort").addNewPort().withName("http").withPort(80).withNodePort(nodePort)
        .endPort().endSpec().build();
  }

  @Test
  void anAppKeepsThePortItsOwnServiceHoldsEvenWhenAStaleStatusOfAnotherAppClaimsIt() {
    ExposedApp web = app("web", 30005);
    ExposedApp stale = app("stale", 30005);

    ExposurePlan plan = planner.plan(web, List.of(serviceOf(web, 30005)), List.of(web, stale));

    assertThat(plan.nodePort("http")).isEqualTo(30005);
  }

  @Test
  void aServicePortEditedByHandIsPlannedBackToTheRecordedPort() {
    ExposedApp web = app("web", 30005);

    ExposurePlan plan = planner.plan(web, List.of(serviceOf(web, 30999)), List.of(web));

    assertThat(plan.nodePort("http")).isEqualTo(30005);
  }

  @Test
  void anAppWithoutAServiceGetsTheLowestPortNobodyHolds() {
    ExposedApp first = app("first", 30000);
    ExposedApp web = app("web", null);

    ExposurePlan plan = planner.plan(web, List.of(serviceOf(first, 30000)), List.of(first, web));

    assertThat(plan.nodePort("http")).isEqualTo(30001);
  }

  @Test
  void theCachesAreReadOnlyOnceNoOtherPlanIsRunning() throws Exception {
    ExposedApp web = app("web", null);
    java.util.concurrent.atomic.AtomicBoolean read = new java.util.concurrent.atomic.AtomicBoolean();
    Thread planning;
    synchronized (planner) { // another plan is running
      ClusterView recordingReads = new ClusterView() {
        @Override
        public java.util.Collection<Service> services() {
          read.set(true);
          return List.of();
        }

        @Override
        public java.util.Optional<Service> service(String namespace, String name) {
          read.set(true);
          return java.util.Optional.empty();
        }

        @Override
        public java.util.Collection<ExposedApp> apps() {
          read.set(true);
          return List.of(web);
        }

        @Override
        public java.util.Optional<Ingress> ingress(String namespace, String name) {
          read.set(true);
          return java.util.Optional.empty();
        }

        @Override
        public Map<String, io.exposedapp.api.NodePortPoolSpec> pools() {
          read.set(true);
          return Map.of();
        }

        @Override
        public java.util.Optional<Map<String, String>> namespaceLabels(String namespace) {
          read.set(true);
          return java.util.Optional.of(Map.of());
        }

        @Override
        public <T> T readPorts(java.util.function.Function<io.exposedapp.ledger.ClusterPorts.Reading, T> reader) {
          read.set(true);
          return io.exposedapp.ledger.ClusterPorts.of(List.of(), List.of(web)).read(reader);
        }
      };
      planning = new Thread(() -> planner.plan(web, recordingReads));
      planning.start();
      // the point this test means: the second plan has reached the planner and waits for the first, not for time
      Thread waiting = planning;
      Waits.await().until(() -> waiting.getState() == Thread.State.BLOCKED);
      assertThat(read).as("caches read while another plan runs").isFalse();
    }
    planning.join(5_000);
    assertThat(read).isTrue();
  }

  private static ExposedApp appWithIngress(String name, String extraSpec) {
    return Serialization.unmarshal("""
        apiVersion: exposedapp.io/v1alpha1
        kind: ExposedApp
        metadata: {name: %s, namespace: ns, uid: uid-%s, generation: 1}
        spec:
          selector: {app: %s}
          ports: [{name: http, port: 80}]
          ingress: {}
        %s""".formatted(name, name, name, extraSpec), ExposedApp.class);
  }

  private static Ingress ingress(String name, OwnerReference... owners) {
    return new IngressBuilder().withNewMetadata().withNamespace("ns").withName(name).withOwnerReferences(owners)
        .endMetadata().build();
  }

  @Test
  void oneCallPlansTheIngressFromTheSameViewAnIngressOfTheNameOwnedByNobodyIsTaken() {
    ExposedApp web = appWithIngress("web", "");

    ExposurePlan plan = planner.plan(web, ClusterView.of(List.of(), List.of(web), List.of(ingress("web"))));

    assertThat(plan.nodePort("http")).isEqualTo(30000);
    assertThat(plan.ingressNameTakenBy()).map(Ownership.Taken::object).contains("Ingress ns/web");
    assertThat(plan.ingressWritable()).isFalse();
  }

  @Test
  void theAppsOwnIngressDoesNotTakeTheName() {
    ExposedApp web = appWithIngress("web", "");

    ExposurePlan plan = planner.plan(web, ClusterView.of(List.of(), List.of(web),
        List.of(ingress("web", Labels.controllerReference(web)))));

    assertThat(plan.ingressNameTakenBy()).isEmpty();
    assertThat(plan.ingressWritable()).isTrue();
  }

  @Test
  void theIngressLintFindingsArePartOfThePlanAlsoWhenThePortsComeFromTheOwnService() {
    ExposedApp web = appWithIngress("web", "  externalTrafficPolicy: Local");

    ExposurePlan allocated = planner.plan(web, ClusterView.of(List.of(), List.of(web)));
    ExposurePlan kept = planner.plan(web, null, ClusterView.of(List.of(serviceOf(web, 30000)), List.of(web)));

    assertThat(allocated.ingressProblems()).singleElement().asString().startsWith("spec.externalTrafficPolicy");
    assertThat(kept.ingressProblems()).isEqualTo(allocated.ingressProblems());
    assertThat(kept.ingressWritable()).isFalse();
  }

  // ---- adoption (spec.adopt) -------------------------------------------------------------------------------------

  private static ExposedApp adopting(String name, boolean adopt) {
    return Serialization.unmarshal("""
        apiVersion: exposedapp.io/v1alpha1
        kind: ExposedApp
        metadata: {name: %s, namespace: ns, uid: uid-%s, generation: 1}
        spec:
          selector: {app: %s}
          ports: [{name: http, port: 80}, {name: admin, port: 9000}]
          ingress: {}
          adopt: %s
        """.formatted(name, name, name, adopt), ExposedApp.class);
  }

  /** A Service written by hand (or by Helm): no owner, ports the API server chose at random. */
  private static Service handWritten(String name, OwnerReference... owners) {
    return new ServiceBuilder().withNewMetadata().withNamespace("ns").withName(name).withOwnerReferences(owners)
        .endMetadata().withNewSpec().withType("NodePort")
        .addNewPort().withName("http").withPort(80).withNodePort(31867).endPort()
        .addNewPort().withName("admin").withPort(9000).withNodePort(30412).endPort().endSpec().build();
  }

  @Test
  void anAdoptingAppKeepsEveryNodePortTheServiceHasAndTakesItOver() {
    ExposedApp legacy = adopting("legacy", true);

    ExposurePlan plan = planner.plan(legacy, ClusterView.of(List.of(handWritten("legacy")), List.of(legacy),
        List.of(ingress("legacy"))));

    assertThat(plan.nodePort("http")).isEqualTo(31867);
    assertThat(plan.nodePort("admin")).isEqualTo(30412);
    assertThat(plan.serviceNameTakenBy()).isEmpty();
    assertThat(plan.ingressNameTakenBy()).isEmpty();
    assertThat(plan.adoptsService()).isTrue();
    assertThat(plan.adoptsIngress()).isTrue();
    assertThat(plan.serviceWritable()).isTrue();
  }

  @Test
  void withoutAdoptTheServiceIsTakenAndTheMessageSaysAdoptWouldTakeItOver() {
    ExposedApp legacy = adopting("legacy", false);

    ExposurePlan plan = planner.plan(legacy, ClusterView.of(List.of(handWritten("legacy")), List.of(legacy)));

    assertThat(plan.serviceWritable()).isFalse();
    assertThat(plan.adoptsService()).isFalse();
    assertThat(plan.serviceNameTakenBy().orElseThrow().describe("Set spec.serviceName to another name"))
        .isEqualTo("Service ns/legacy already exists and is not owned by this ExposedApp; it is left untouched. "
            + "Set spec.adopt: true to take it over as it is (its nodePorts stay), or set spec.serviceName to "
            + "another name");
  }

  @Test
  void aServiceAnotherControllerOwnsIsNeverAdoptedAndTheMessageNamesTheController() {
    ExposedApp legacy = adopting("legacy", true);
    OwnerReference deployment = new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withKind("HelmRelease")
        .withName("shop").withUid("uid-helm").withController(true).build();

    ExposurePlan plan = planner.plan(legacy, ClusterView.of(List.of(handWritten("legacy", deployment)),
        List.of(legacy), List.of(ingress("legacy", deployment))));

    assertThat(plan.serviceWritable()).isFalse();
    assertThat(plan.adoptsService()).isFalse();
    assertThat(plan.serviceNameTakenBy().orElseThrow().describe("Set spec.serviceName to another name"))
        .isEqualTo("Service ns/legacy already exists and is controlled by HelmRelease shop; it is left untouched. "
            + "Set spec.serviceName to another name");
    assertThat(plan.ingressNameTakenBy()).map(Ownership.Taken::controller).contains(Optional.of("HelmRelease shop"));
  }

  @Test
  void anUnnamedServicePortKeepsItsNodePortUnderTheNameTheSpecGivesIt() {
    ExposedApp legacy = Serialization.unmarshal("""
        apiVersion: exposedapp.io/v1alpha1
        kind: ExposedApp
        metadata: {name: legacy, namespace: ns, uid: uid-legacy, generation: 1}
        spec: {selector: {app: legacy}, ports: [{name: tcp-8080, port: 8080}], adopt: true}
        """, ExposedApp.class);
    Service unnamed = new ServiceBuilder().withNewMetadata().withNamespace("ns").withName("legacy").endMetadata()
        .withNewSpec().withType("NodePort").addNewPort().withPort(8080).withProtocol("TCP").withNodePort(32001)
        .endPort().endSpec().build();

    ExposurePlan plan = planner.plan(legacy, ClusterView.of(List.of(unnamed), List.of(legacy)));

    assertThat(plan.nodePort("tcp-8080")).isEqualTo(32001);
  }

  @Test
  void theAdoptedServicesPortsAreNeverHandedToAnotherAppBeforeOrAfterTheAdoption() {
    ExposedApp legacy = adopting("legacy", true);
    ExposedApp other = adopting("other", false);
    // the range holds exactly the two adopted ports and one more
    NodePortPlanner tiny = new NodePortPlanner(PortRange.parse("30412-30414"), Clock.systemUTC());
    Service service = new ServiceBuilder(handWritten("legacy")).editSpec().editPort(0).withNodePort(30413).endPort()
        .endSpec().build();
    List<ExposedApp> apps = List.of(legacy, other);

    ExposurePlan before = tiny.plan(other, ClusterView.of(List.of(service), apps));
    ExposurePlan adopted = tiny.plan(legacy, ClusterView.of(List.of(service), apps));
    ExposurePlan after = tiny.plan(other, ClusterView.of(List.of(service), apps));

    assertThat(adopted.nodePort("http")).isEqualTo(30413);
    assertThat(adopted.nodePort("admin")).isEqualTo(30412);
    for (ExposurePlan plan : List.of(before, after)) {
      assertThat(plan.ports()).extracting(p -> p.nodePort().orElse(null)).doesNotContain(30412, 30413);
      assertThat(plan.allPortsAssigned()).as("one free port for two ports").isFalse();
    }
  }
}
