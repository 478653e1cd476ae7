package io.exposedapp.reliability;

import static io.exposedapp.testing.OperatorHarness.nodePort;
import static io.exposedapp.testing.OperatorHarness.statusNodePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.ingress.AlbAnnotations;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.meta.Labels;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.Waits;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Drift: someone else changes the objects the operator owns. The operator restores what it manages (it is event
 * driven: the restore follows the Service or Ingress change event, no resync is needed) and keeps what others add.
 * Already covered elsewhere and not repeated here: a Service deleted by hand, a nodePort edited by hand, another
 * manager's annotation ({@code ExposedAppOperatorTest}).
 *
 * <p>The API test server behaves like kube-apiserver where it matters here: an update that switches a Service to
 * ClusterIP clears its nodePorts, and hand edits are recorded as {@code Update} entries in
 * {@code metadata.managedFields}, so the operator's server-side apply (with force) takes its fields back and leaves
 * the others'. It does not validate objects, which does not matter for these (valid) edits.
 */
@Tag("real-apiserver")
class DriftTest {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness();

  private static ExposedApp app(String namespace, String name, boolean withIngress) {
    return Serialization.unmarshal("""
        apiVersion: exposedapp.io/v1alpha1
        kind: ExposedApp
        metadata: {name: %s, namespace: %s}
        spec:
          selector: {app: %s}
          ports:
            - {name: http, port: 80, targetPort: 8080}
            - {name: metrics, port: 9090}
        %s
        """.formatted(name, namespace, name, withIngress ? "  ingress: {}" : ""), ExposedApp.class);
  }

  private static Map<String, Integer> nodePorts(Service service) {
    return service.getSpec().getPorts().stream()
        .filter(p -> p.getNodePort() != null)
        .collect(java.util.stream.Collectors.toMap(ServicePort::getName, ServicePort::getNodePort));
  }

  @Test
  void anEditedServiceSelectorIsRestored() {
    String ns = op.newNamespace();
    op.create(app(ns, "sel", false));
    op.awaitReady(ns, "sel");
    Map<String, Integer> ports = nodePorts(op.service(ns, "sel"));

    Service edited = op.client().services().inNamespace(ns).withName("sel").edit(s -> {
      s.getSpec().setSelector(Map.of("app", "someone-else"));
      return s;
    });
    assertThat(edited.getSpec().getSelector()).containsExactly(Map.entry("app", "someone-else"));

    Waits.await().untilAsserted(() ->
        assertThat(op.service(ns, "sel").getSpec().getSelector()).containsExactly(Map.entry("app", "sel")));
    assertThat(nodePorts(op.service(ns, "sel"))).isEqualTo(ports);
    op.awaitReady(ns, "sel");
  }

  @Test
  void aServiceSwitchedToClusterIpIsRestoredToNodePortWithTheSameNodePorts() {
    String ns = op.newNamespace();
    op.create(app(ns, "typed", false));
    ExposedApp ready = op.awaitReady(ns, "typed");
    Map<String, Integer> ports = nodePorts(op.service(ns, "typed"));
    assertThat(ports).hasSize(2);

    Service edited = op.client().services().inNamespace(ns).withName("typed").edit(s -> {
      s.getSpec().setType("ClusterIP");
      return s;
    });
    assertThat(edited.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(edited.getSpec().getPorts()).as("the server cleared the nodePorts, like kube-apiserver")
        .allSatisfy(p -> assertThat(p.getNodePort()).isNull());

    Waits.await().untilAsserted(() -> {
      Service restored = op.service(ns, "typed");
      assertThat(restored.getSpec().getType()).isEqualTo("NodePort");
      assertThat(nodePorts(restored)).isEqualTo(ports);
    });
    ExposedApp after = op.awaitReady(ns, "typed");
    assertThat(after.getStatus().nodePorts()).isEqualTo(ready.getStatus().nodePorts());
    assertThat(statusNodePort(after, "http")).isEqualTo(ports.get("http"));
  }

  @Test
  void aDeletedIngressIsRecreated() {
    String ns = op.newNamespace();
    op.create(app(ns, "gone", true));
    op.awaitReason(ns, "gone", ConditionTypes.INGRESS_READY, Reasons.ADDRESS_PENDING);
    Ingress before = op.ingress(ns, "gone");
    String serviceUid = op.service(ns, "gone").getMetadata().getUid();

    op.client().network().v1().ingresses().inNamespace(ns).withName("gone").delete();

    Waits.await().until(() -> {
      Ingress now = op.ingress(ns, "gone");
      return now != null && !now.getMetadata().getUid().equals(before.getMetadata().getUid());
    });
    Ingress after = op.ingress(ns, "gone");
    assertThat(after.getSpec()).isEqualTo(before.getSpec());
    assertThat(after.getMetadata().getAnnotations()).isEqualTo(before.getMetadata().getAnnotations());
    assertThat(after.getMetadata().getOwnerReferences()).isEqualTo(before.getMetadata().getOwnerReferences());
    assertThat(op.service(ns, "gone").getMetadata().getUid()).as("the Service is untouched").isEqualTo(serviceUid);
    op.awaitReason(ns, "gone", ConditionTypes.INGRESS_READY, Reasons.ADDRESS_PENDING);
  }

  @Test
  void anIngressTargetTypeEditedToIpIsRestoredToInstance() {
    String ns = op.newNamespace();
    op.create(app(ns, "mode", true));
    op.awaitReason(ns, "mode", ConditionTypes.INGRESS_READY, Reasons.ADDRESS_PENDING);
    assertThat(op.ingress(ns, "mode").getMetadata().getAnnotations())
        .containsEntry(AlbAnnotations.TARGET_TYPE, "instance");

    Ingress edited = op.client().network().v1().ingresses().inNamespace(ns).withName("mode").edit(i -> {
      i.getMetadata().getAnnotations().put(AlbAnnotations.TARGET_TYPE, "ip");
      return i;
    });
    assertThat(edited.getMetadata().getAnnotations()).containsEntry(AlbAnnotations.TARGET_TYPE, "ip");

    Waits.await().untilAsserted(() ->
        assertThat(op.ingress(ns, "mode").getMetadata().getAnnotations())
            .containsEntry(AlbAnnotations.TARGET_TYPE, "instance"));
  }

  @Test
  void aLabelSomeoneElseAddsToTheServiceIsKeptThroughRepairsAndSpecChanges() {
    String ns = op.newNamespace();
    op.create(app(ns, "labelled", false));
    op.awaitReady(ns, "labelled");

    op.client().services().inNamespace(ns).withName("labelled").edit(s -> {
      s.getMetadata().getLabels().put("example.com/team", "payments");
      return s;
    });
    // not a drift of anything the operator manages: nothing to restore, the label stays
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(op.service(ns, "labelled").getMetadata().getLabels())
            .containsEntry("example.com/team", "payments"));

    // a repair (the operator applies the Service again) keeps it
    op.client().services().inNamespace(ns).withName("labelled").edit(s -> {
      s.getSpec().setSelector(Map.of("app", "drifted"));
      return s;
    });
    Waits.await().untilAsserted(() ->
        assertThat(op.service(ns, "labelled").getSpec().getSelector()).containsExactly(Map.entry("app", "labelled")));
    assertThat(op.service(ns, "labelled").getMetadata().getLabels())
        .containsEntry("example.com/team", "payments")
        .containsEntry(Labels.MANAGED_BY, Labels.OPERATOR);

    // so does a spec change (a new generation, a new apply with another port set)
    op.apps().inNamespace(ns).withName("labelled").edit(a -> {
      a.setSpec(a.getSpec().withPorts(java.util.List.of(a.getSpec().ports().get(0))));
      return a;
    });
    Waits.await().untilAsserted(() ->
        assertThat(op.service(ns, "labelled").getSpec().getPorts()).hasSize(1));
    op.awaitReady(ns, "labelled");
    assertThat(op.service(ns, "labelled").getMetadata().getLabels())
        .containsEntry("example.com/team", "payments")
        .containsEntry(Labels.MANAGED_BY, Labels.OPERATOR);
    assertThat(nodePort(op.service(ns, "labelled"), "http")).isBetween(30000, 32767);
  }

  /**
   * Someone strips the controller reference from the app's Service (a botched {@code kubectl edit}, a tool that
   * rewrites metadata). Acceptable outcomes: the operator restores the reference (drift repaired), or it reports
   * that it no longer controls the Service (ServiceReady=False, as for a foreign Service of that name). What must not
   * happen is that the app keeps saying Ready/ServiceApplied for a Service that garbage collection no longer ties to
   * it (deleting the app would now leave the Service and its nodePorts behind).
   */
  @Test
  void aServiceWhoseOwnerReferenceWasRemovedIsReadoptedOrReported() {
    String ns = op.newNamespace();
    ExposedApp created = op.create(app(ns, "orphan", false));
    op.awaitReady(ns, "orphan");

    op.client().services().inNamespace(ns).withName("orphan").edit(s -> {
      s.getMetadata().setOwnerReferences(new java.util.ArrayList<>());
      return s;
    });

    Waits.await().until(() -> {
      boolean readopted = op.service(ns, "orphan").getMetadata().getOwnerReferences().stream()
          .anyMatch(r -> Boolean.TRUE.equals(r.getController())
              && created.getMetadata().getUid().equals(r.getUid()));
      boolean reported = !io.exposedapp.status.Conditions.isTrue(op.get(ns, "orphan").getStatus().conditions(),
          ConditionTypes.SERVICE_READY);
      return readopted || reported;
    });
  }

  @Test
  void aStatusRemovedBySomeoneElseIsRestoredWithTheSamePortsAndIdleWritesStayZero() {
    String ns = op.newNamespace();
    op.create(app(ns, "lost", false));
    ExposedApp ready = op.awaitReady(ns, "lost");
    Map<String, Integer> ports = nodePorts(op.service(ns, "lost"));

    op.apps().inNamespace(ns).withName("lost").subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":null}");
    assertThat(op.get(ns, "lost").getStatus()).as("the status is gone").isNull();

    ExposedApp restored = op.awaitReady(ns, "lost");
    assertThat(restored.getStatus().nodePorts()).isEqualTo(ready.getStatus().nodePorts());
    assertThat(nodePorts(op.service(ns, "lost"))).isEqualTo(ports);
    assertIdle(ns);
  }

  @Test
  void aStatusEditedBySomeoneElseIsRestoredWithoutMovingAPort() {
    String ns = op.newNamespace();
    op.create(app(ns, "edited", false));
    ExposedApp ready = op.awaitReady(ns, "edited");
    Map<String, Integer> ports = nodePorts(op.service(ns, "edited"));
    int http = statusNodePort(ready, "http");

    op.apps().inNamespace(ns).withName("edited").subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"status\":{\"nodePorts\":[{\"name\":\"http\",\"port\":80,\"protocol\":\"TCP\",\"nodePort\":"
            + (http + 1000) + "}],\"ports\":\"tampered\"}}");

    Waits.await().untilAsserted(() ->
        assertThat(op.get(ns, "edited").getStatus()).isEqualTo(ready.getStatus()));
    assertThat(nodePorts(op.service(ns, "edited"))).as("the Service keeps its ports").isEqualTo(ports);
    assertIdle(ns);
  }

  /** Once converged, the operator writes nothing (its own status writes do not wake it). */
  private static void assertIdle(String ns) {
    int mark = op.server().requests().size();
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(op.server().requests().subList(mark, op.server().requests().size()))
            .filteredOn(r -> r.userAgent().startsWith(io.exposedapp.ExposedAppOperator.USER_AGENT))
            .filteredOn(r -> !r.method().equals("GET") && r.uri().contains("/namespaces/" + ns + "/"))
            .as("writes in %s after convergence", ns).isEmpty());
  }
}
