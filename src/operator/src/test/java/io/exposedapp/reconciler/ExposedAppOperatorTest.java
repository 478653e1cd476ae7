package io.exposedapp.reconciler;

import static io.exposedapp.testing.OperatorHarness.app;
import static io.exposedapp.testing.OperatorHarness.nodePort;
import static io.exposedapp.testing.OperatorHarness.port;
import static io.exposedapp.testing.OperatorHarness.statusNodePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppSpec;
import io.exposedapp.meta.Labels;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.Conditions;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.Waits;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/** The real operator, in its production configuration, against the API test server. */
@Tag("real-apiserver")
class ExposedAppOperatorTest {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness();

  private static Service foreignService(String namespace, String name, int nodePort) {
    return new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .withNewSpec().withType("NodePort").addNewPort().withName("x").withPort(80).withNodePort(nodePort).endPort()
        .endSpec().build();
  }

  @Test
  void anAppGetsANodePortServiceWithItsPortsLabelsOwnerAndAReadyStatus() {
    String ns = op.newNamespace();
    ExposedApp created = op.create(app(ns, "web", port("http", 80), port("admin", 9000, 31900)));

    ExposedApp ready = op.awaitReady(ns, "web");
    Service svc = op.service(ns, "web");
    assertThat(svc.getSpec().getType()).isEqualTo("NodePort");
    assertThat(svc.getSpec().getSelector()).containsExactly(Map.entry("app", "web"));
    assertThat(nodePort(svc, "admin")).isEqualTo(31900);
    assertThat(nodePort(svc, "http")).isBetween(30000, 32767);
    assertThat(svc.getMetadata().getLabels()).containsEntry(Labels.MANAGED_BY, Labels.OPERATOR)
        .containsEntry(Labels.INSTANCE, "web");
    assertThat(svc.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
      assertThat(r.getUid()).isEqualTo(created.getMetadata().getUid());
      assertThat(r.getController()).isTrue();
    });
    assertThat(statusNodePort(ready, "http")).isEqualTo(nodePort(svc, "http"));
    assertThat(statusNodePort(ready, "admin")).isEqualTo(31900);
    assertThat(ready.getStatus().serviceName()).isEqualTo("web");
    assertThat(ready.getStatus().ports()).isEqualTo("http:" + nodePort(svc, "http") + ",admin:31900");
    assertThat(ready.getStatus().conditions()).extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactly("PortsAllocated=True", "ServiceReady=True", "Ready=True");
  }

  @Test
  void anExplicitNodePortHeldByAForeignServiceIsAConflictNamingTheHolderAndIsRetriedWhenItGoes() {
    String ns = op.newNamespace();
    op.client().services().inNamespace(ns).resource(foreignService(ns, "squatter", 31111)).create();

    op.create(app(ns, "wants", port("http", 80, 31111)));
    ExposedApp conflicted = op.awaitReason(ns, "wants", ConditionTypes.PORTS_ALLOCATED, Reasons.NODE_PORT_CONFLICT);
    assertThat(Conditions.find(conflicted.getStatus().conditions(), ConditionTypes.PORTS_ALLOCATED).orElseThrow()
        .getMessage()).contains("31111").contains("Service " + ns + "/squatter");
    assertThat(op.service(ns, "wants")).as("no Service is written while a port conflicts").isNull();
    assertThat(op.client().v1().events().inNamespace(ns).list().getItems())
        .anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo(Reasons.NODE_PORT_CONFLICT);
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getInvolvedObject().getName()).isEqualTo("wants");
        });

    op.client().services().inNamespace(ns).withName("squatter").delete();
    op.awaitReady(ns, "wants");
    assertThat(nodePort(op.service(ns, "wants"), "http")).isEqualTo(31111);
  }

  @Test
  void appsCreatedTogetherNeverShareANodePort() {
    String ns = op.newNamespace();
    for (int i = 0; i < 12; i++) {
      op.create(app(ns, "race-" + i, port("http", 80), port("https", 443)));
    }
    for (int i = 0; i < 12; i++) {
      op.awaitReady(ns, "race-" + i);
    }
    List<Integer> ports = op.client().services().inAnyNamespace().list().getItems().stream()
        .flatMap(s -> s.getSpec().getPorts().stream())
        .map(p -> p.getNodePort())
        .filter(p -> p != null)
        .toList();
    assertThat(ports).doesNotHaveDuplicates();
  }

  @Test
  void aServiceDeletedByHandComesBackWithTheSamePorts() {
    String ns = op.newNamespace();
    op.create(app(ns, "phoenix", port("http", 80), port("grpc", 9090)));
    op.awaitReady(ns, "phoenix");
    Service before = op.service(ns, "phoenix");

    op.client().services().inNamespace(ns).withName("phoenix").delete();

    Waits.await().until(() -> {
      Service s = op.service(ns, "phoenix");
      return s != null && !s.getMetadata().getUid().equals(before.getMetadata().getUid());
    });
    Service after = op.service(ns, "phoenix");
    assertThat(nodePort(after, "http")).isEqualTo(nodePort(before, "http"));
    assertThat(nodePort(after, "grpc")).isEqualTo(nodePort(before, "grpc"));
  }

  @Test
  void aNodePortEditedByHandIsRestored() {
    String ns = op.newNamespace();
    op.create(app(ns, "drift", port("http", 80)));
    op.awaitReady(ns, "drift");
    int original = nodePort(op.service(ns, "drift"), "http");
    int edited = original == 32000 ? 32001 : 32000;

    op.client().services().inNamespace(ns).withName("drift").edit(s -> {
      s.getSpec().getPorts().get(0).setNodePort(edited);
      return s;
    });

    Waits.await().until(() -> nodePort(op.service(ns, "drift"), "http") == original);
  }

  @Test
  void anotherManagersAnnotationOnOurServiceSurvivesReconciles() {
    String ns = op.newNamespace();
    op.create(app(ns, "shared", port("http", 80)));
    op.awaitReady(ns, "shared");
    op.client().services().inNamespace(ns).withName("shared").edit(s -> {
      s.getMetadata().getAnnotations().put("example.com/scraped", "true");
      return s;
    });
    // a spec change makes the operator apply the Service again
    op.apps().inNamespace(ns).withName("shared").edit(a -> {
      a.setSpec(a.getSpec().withPorts(List.of(port("http", 80), port("extra", 81))));
      return a;
    });
    Waits.await().until(() -> op.service(ns, "shared").getSpec().getPorts().size() == 2);
    assertThat(op.service(ns, "shared").getMetadata().getAnnotations()).containsEntry("example.com/scraped", "true");
  }

  @Test
  void deletingTheAppRemovesItsServiceAndFreesThePortForAnotherApp() {
    op.requireGarbageCollection();
    String ns = op.newNamespace();
    op.create(app(ns, "leaving", port("http", 80, 31222)));
    op.awaitReady(ns, "leaving");

    op.apps().inNamespace(ns).withName("leaving").delete();
    Waits.await().until(() -> op.service(ns, "leaving") == null);

    op.create(app(ns, "arriving", port("http", 80, 31222)));
    op.awaitReady(ns, "arriving");
    assertThat(nodePort(op.service(ns, "arriving"), "http")).isEqualTo(31222);
  }

  @Test
  void aForeignServiceWithTheAppsNameIsLeftAloneAndReportedUntilItIsGone() {
    String ns = op.newNamespace();
    Service foreign = op.client().services().inNamespace(ns).resource(foreignService(ns, "taken", 31333)).create();

    op.create(app(ns, "taken", port("http", 80)));
    ExposedApp reported = op.awaitReason(ns, "taken", ConditionTypes.SERVICE_READY, Reasons.SERVICE_NAME_TAKEN);
    assertThat(Conditions.find(reported.getStatus().conditions(), ConditionTypes.SERVICE_READY).orElseThrow()
        .getMessage()).contains("Service " + ns + "/taken");

    Service after = op.service(ns, "taken");
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(foreign.getMetadata().getResourceVersion());
    assertThat(after.getMetadata().getOwnerReferences()).isEmpty();

    op.client().services().inNamespace(ns).withName("taken").delete();
    op.awaitReady(ns, "taken");
    assertThat(op.service(ns, "taken").getMetadata().getOwnerReferences()).singleElement()
        .satisfies(r -> assertThat(r.getName()).isEqualTo("taken"));
  }

  @Test
  void aRestartedOperatorKeepsEveryPortAndWritesNothing() {
    String ns = op.newNamespace();
    op.create(app(ns, "steady", port("http", 80), port("https", 443)));
    ExposedApp before = op.awaitReady(ns, "steady");
    Service serviceBefore = op.service(ns, "steady");

    op.stopOperator();
    op.startOperator();

    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      ExposedApp after = op.get(ns, "steady");
      assertThat(after.getStatus().nodePorts()).isEqualTo(before.getStatus().nodePorts());
      assertThat(op.service(ns, "steady").getMetadata().getResourceVersion())
          .isEqualTo(serviceBefore.getMetadata().getResourceVersion());
      assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
    });
  }

  @Test
  void addingAPortKeepsTheExistingOnesAndRemovingOneFreesIt() {
    String ns = op.newNamespace();
    op.create(app(ns, "grow", port("http", 80)));
    int http = statusNodePort(op.awaitReady(ns, "grow"), "http");

    op.apps().inNamespace(ns).withName("grow").edit(a -> {
      a.setSpec(new ExposedAppSpec(a.getSpec().selector(), null, List.of(port("http", 80), port("https", 443)),
          null, Map.of("changed", "unrelated"), null, null, null));
      return a;
    });
    ExposedApp grown = op.awaitApp(ns, "grow", a -> a.getStatus().nodePorts() != null
        && a.getStatus().nodePorts().size() == 2);
    assertThat(statusNodePort(grown, "http")).isEqualTo(http);
    int https = statusNodePort(grown, "https");

    op.apps().inNamespace(ns).withName("grow").edit(a -> {
      a.setSpec(a.getSpec().withPorts(List.of(port("http", 80))));
      return a;
    });
    Waits.await().until(() -> op.service(ns, "grow").getSpec().getPorts().size() == 1);
    op.create(app(ns, "taker", port("web", 80, https)));
    op.awaitReady(ns, "taker");
    assertThat(nodePort(op.service(ns, "grow"), "http")).isEqualTo(http);
  }
}
