package io.exposedapp.reliability;

import static io.exposedapp.testing.OperatorHarness.app;
import static io.exposedapp.testing.OperatorHarness.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.status.Conditions;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.Waits;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * Bad input, as a table of mutations of one valid ExposedApp ({@code reliability/valid.yaml}): each row mutates the
 * fixture as a plain YAML tree (so a row can hold what the Java model cannot express: a string where a number
 * belongs, an unknown enum value, unknown fields), creates it through the generic client in a namespace of its own,
 * and checks what the real operator makes of it: the condition type and reason (or {@code Ready} for harmless
 * input), a Warning Event with that reason on the app, no Service for a spec problem (no Ingress, but the Service,
 * for an ingress problem), and that a healthy sibling app created afterwards in the same namespace still becomes
 * Ready: one bad app never stops the others.
 *
 * <p><b>What the API server refuses first.</b> Both servers (the API test server emulates it) refuse these rows at
 * admission by the schema of {@code crds/exposedapps.exposedapp.io-v1.yml}, with a 422 naming the field; each such row
 * checks that, and then, on the API test server with the schema not enforced (an object written before the schema
 * tightened, or a server without it), that the operator still reports it:
 * <ul>
 *   <li>missing selector ({@code required}), empty selector ({@code minProperties: 1});</li>
 *   <li>empty ports ({@code minItems: 1}), 200 ports ({@code maxItems: 64});</li>
 *   <li>duplicate port names ({@code x-kubernetes-list-type: map} keyed by {@code name});</li>
 *   <li>port 0 and port 70000, nodePort 70000 ({@code minimum: 1}, {@code maximum: 65535});</li>
 *   <li>targetPort {@code HTTP_PORT} ({@code pattern}), targetPort 70000 ({@code maximum});</li>
 *   <li>protocol {@code HTTP} ({@code enum}); port {@code "eighty"} ({@code type: integer});</li>
 *   <li>serviceName {@code Web_Service} ({@code pattern});</li>
 *   <li>ingress host {@code Bad_Host.example.com} ({@code pattern});</li>
 *   <li>a null entry in {@code spec.ports} or {@code spec.ingress.rules} (items are non-nullable objects).</li>
 * </ul>
 * Duplicate explicit nodePorts are refused by the CRD's CEL rule on a real server; the API test server evaluates no
 * CEL, so there the operator's own check reports them.
 * These pass the schema and only the operator catches them: nodePort 29999 (the operator's range is configuration
 * the schema cannot know: {@code NodePortOutOfRange}), targetPort {@code web--alt} (the schema's pattern allows
 * "--", Kubernetes' IANA_SVC_NAME does not), an ingress rule naming a missing port or a UDP port, and an annotation
 * that overrides {@code alb.ingress.kubernetes.io/target-type} (no cross-field rules in the schema). Unknown fields
 * are pruned by both servers (a real one rejects them only with {@code fieldValidation=Strict}, which kubectl sends by
 * default).
 */
@Tag("real-apiserver")
class BadInputTest {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness();

  private static final String NAME = "subject";
  private static final String SIBLING = "sibling";
  private static final ResourceDefinitionContext EXPOSED_APPS = new ResourceDefinitionContext.Builder()
      .withGroup(ExposedApp.GROUP).withVersion(ExposedApp.VERSION).withKind("ExposedApp").withPlural("exposedapps")
      .withNamespaced(true).build();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** What a row expects of the mutated app. */
  enum Outcome {
    /** The spec is accepted: Ready, Service written, no Warning Event. */
    READY,
    /** PortsAllocated=False with the row's reason: no nodePorts recorded, no Service written. */
    NO_SERVICE,
    /** IngressReady=False, reason IngressInvalid: the Service is written, the Ingress is not. */
    NO_INGRESS
  }

  /**
   * One row: a mutation of the fixture's {@code spec} and what it must lead to.
   *
   * @param reason the reason on {@code type} (and on Ready), also of the Warning Event; null for READY
   * @param mentioned a fragment the condition's message must contain, so the user can find the field
   */
  record Row(String name, Consumer<Map<String, Object>> mutation, Outcome outcome, String type, String reason,
      String mentioned, Refusal refusal) {

    Row(String name, Consumer<Map<String, Object>> mutation, Outcome outcome, String type, String reason,
        String mentioned) {
      this(name, mutation, outcome, type, reason, mentioned, Refusal.NONE);
    }

    /** This row, which the CRD schema (types, bounds, patterns, list keys) refuses. */
    Row refusedBySchema() {
      return new Row(name, mutation, outcome, type, reason, mentioned, Refusal.SCHEMA);
    }

    /** This row, which the CRD's CEL rule refuses (on a real server: the API test server evaluates no CEL). */
    Row refusedByCel() {
      return new Row(name, mutation, outcome, type, reason, mentioned, Refusal.CEL);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Whether the API server refuses a row's input before the operator sees it. */
  enum Refusal {
    NONE, SCHEMA, CEL;

    boolean refusedBy(OperatorHarness harness) {
      return this == SCHEMA || this == CEL && !harness.onApiTestServer();
    }
  }

  private static Arguments invalid(String name, String mentioned, Consumer<Map<String, Object>> mutation) {
    return Arguments.of(new Row(name, mutation, Outcome.NO_SERVICE, ConditionTypes.PORTS_ALLOCATED,
        Reasons.INVALID_SPEC, mentioned));
  }

  /** An invalid row that a real server refuses by the CRD schema (see the class comment). */
  private static Arguments refused(String name, String mentioned, Consumer<Map<String, Object>> mutation) {
    return Arguments.of(new Row(name, mutation, Outcome.NO_SERVICE, ConditionTypes.PORTS_ALLOCATED,
        Reasons.INVALID_SPEC, mentioned).refusedBySchema());
  }

  private static Arguments ingressInvalid(String name, String mentioned, Consumer<Map<String, Object>> mutation) {
    return Arguments.of(new Row(name, mutation, Outcome.NO_INGRESS, ConditionTypes.INGRESS_READY,
        Reasons.INGRESS_INVALID, mentioned));
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        Arguments.of(new Row("the fixture itself is valid", spec -> { }, Outcome.READY, ConditionTypes.READY, null,
            null)),
        refused("missing selector", "spec.selector", spec -> spec.remove("selector")),
        refused("empty selector", "spec.selector", spec -> spec.put("selector", Map.of())),
        refused("empty ports", "spec.ports must have at least one port", spec -> spec.put("ports", List.of())),
        refused("duplicate port names", "\"http\" is used by another port",
            spec -> portAt(spec, 1).put("name", "http")),
        Arguments.of(new Row("duplicate nodePorts in one app", spec -> {
          portAt(spec, 0).put("nodePort", 31234);
          portAt(spec, 1).put("nodePort", 31234);
        }, Outcome.NO_SERVICE, ConditionTypes.PORTS_ALLOCATED, Reasons.INVALID_SPEC,
            "nodePort 31234 is requested by another port").refusedByCel()),
        refused("port 0", ".port 0 must be between 1 and 65535", spec -> portAt(spec, 0).put("port", 0)),
        refused("port 70000", ".port 70000 must be between 1 and 65535", spec -> portAt(spec, 0).put("port", 70000)),
        Arguments.of(new Row("nodePort below the operator's range", spec -> portAt(spec, 0).put("nodePort", 29999),
            Outcome.NO_SERVICE, ConditionTypes.PORTS_ALLOCATED, Reasons.NODE_PORT_OUT_OF_RANGE, "29999")),
        Arguments.of(new Row("nodePort 70000", spec -> portAt(spec, 0).put("nodePort", 70000),
            Outcome.NO_SERVICE, ConditionTypes.PORTS_ALLOCATED, Reasons.NODE_PORT_OUT_OF_RANGE, "30000-32767")
            .refusedBySchema()),
        refused("invalid targetPort name", "targetPort \"HTTP_PORT\"",
            spec -> portAt(spec, 0).put("targetPort", "HTTP_PORT")),
        invalid("targetPort name with a double hyphen", "targetPort \"web--alt\"",
            spec -> portAt(spec, 0).put("targetPort", "web--alt")),
        refused("invalid protocol HTTP", "spec cannot be read: spec.ports[0].protocol: Cannot deserialize value of "
            + "type `io.exposedapp.api.Protocol` from String \"HTTP\"",
            spec -> portAt(spec, 0).put("protocol", "HTTP")),
        refused("port given as a string", "spec cannot be read: spec.ports[0].port: Cannot deserialize value of type "
            + "`int` from String \"eighty\"", spec -> portAt(spec, 0).put("port", "eighty")),
        refused("200 ports", "spec.ports has 200 ports; at most 64", spec -> {
          List<Map<String, Object>> many = new ArrayList<>();
          for (int i = 0; i < 200; i++) {
            many.add(new LinkedHashMap<>(Map.of("name", "p" + i, "port", 1000 + i)));
          }
          spec.put("ports", many);
        }),
        Arguments.of(new Row("unknown fields are ignored", spec -> {
          spec.put("replicas", 3);
          spec.put("futureFeature", Map.of("enabled", true));
          portAt(spec, 0).put("appProtocol", "http");
          portAt(spec, 1).put("hostPort", 5353);
        }, Outcome.READY, ConditionTypes.READY, null, null)),
        Arguments.of(new Row("invalid ingress host", spec -> spec.put("ingress", Map.of("rules", List.of(Map.of(
            "host", "Bad_Host.example.com", "port", "http")))), Outcome.NO_INGRESS, ConditionTypes.INGRESS_READY,
            Reasons.INGRESS_INVALID, "Bad_Host.example.com").refusedBySchema()),
        ingressInvalid("ingress rule naming a missing port", "\"nope\": no port of that name",
            spec -> spec.put("ingress", Map.of("rules", List.of(Map.of("port", "nope"))))),
        ingressInvalid("ingress rule on a UDP port", "uses UDP",
            spec -> spec.put("ingress", Map.of("rules", List.of(Map.of("port", "dns"))))),
        Arguments.of(new Row("a null ingress rule", spec -> {
          List<Object> rules = new ArrayList<>();
          rules.add(null);
          spec.put("ingress", new LinkedHashMap<>(Map.of("rules", rules)));
        }, Outcome.NO_INGRESS, ConditionTypes.INGRESS_READY, Reasons.INGRESS_INVALID,
            "spec.ingress.rules[0]: is empty").refusedBySchema()),
        ingressInvalid("annotation overriding the ALB target-type", "target-type",
            spec -> spec.put("ingress", Map.of("annotations",
                Map.of("alb.ingress.kubernetes.io/target-type", "ip")))));
  }

  /**
   * Rows that found operator bugs (schema rules not checked again, a null port entry), now fixed: same contract as
   * {@link #rows()}. A real API server rejects all three through the CRD schema (targetPort {@code maximum},
   * serviceName {@code pattern}, a null item of an array of objects); the operator reports them as InvalidSpec
   * instead of writing a Service kube-apiserver would refuse, or failing every reconcile.
   */
  static Stream<Arguments> knownGaps() {
    return Stream.of(
        refused("targetPort 70000", "targetPort", spec -> portAt(spec, 0).put("targetPort", 70000)),
        refused("serviceName not a DNS-1035 label", "serviceName", spec -> spec.put("serviceName", "Web_Service")),
        refused("a null port entry", "spec.ports[2] is empty", spec -> ports(spec).add(null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void aBadAppIsReportedAndNeverStopsItsSiblings(Row row) {
    check(row);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("knownGaps")
  void aSchemaViolationTheOperatorChecksAgainIsReportedAsInvalidSpec(Row row) {
    check(row);
  }

  /**
   * docs/install.md ("Running behaviour"): an ExposedApp Java cannot read is reported as InvalidSpec "spec cannot be
   * read: ...", nothing is written for it, "and an existing Service or Ingress is kept".
   */
  @Test
  void anAppWhoseSpecTurnsUnreadableKeepsItsServiceAndIngress() {
    op.requireUnvalidatedCustomResources("a port given as a string");
    String ns = op.newNamespace();
    Map<String, Object> sent = fixture(ns);
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) sent.get("spec");
    spec.put("ingress", Map.of());
    op.client().genericKubernetesResources(EXPOSED_APPS).inNamespace(ns)
        .resource(op.client().getKubernetesSerialization().convertValue(sent, GenericKubernetesResource.class))
        .create();
    op.awaitReason(ns, NAME, ConditionTypes.INGRESS_READY, Reasons.ADDRESS_PENDING);
    Service service = op.service(ns, NAME);
    String ingressUid = ingress(ns, NAME).getMetadata().getUid();

    op.withoutCrdSchema(() -> {
      op.client().genericKubernetesResources(EXPOSED_APPS).inNamespace(ns).withName(NAME).edit(g -> {
        @SuppressWarnings("unchecked")
        Map<String, Object> edited = (Map<String, Object>) g.getAdditionalProperties().get("spec");
        portAt(edited, 0).put("port", "eighty");
        return g;
      });
      expectUnreadableReported(ns, service, ingressUid);
    });
  }

  private void expectUnreadableReported(String ns, Service service, String ingressUid) {
    ExposedApp app = op.awaitReason(ns, NAME, ConditionTypes.PORTS_ALLOCATED, Reasons.INVALID_SPEC);
    await().during(Duration.ofMillis(500)).atMost(OperatorHarness.TIMEOUT).untilAsserted(() -> {
      assertThat(op.service(ns, NAME).getMetadata().getUid()).isEqualTo(service.getMetadata().getUid());
      assertThat(op.service(ns, NAME).getSpec().getPorts()).isEqualTo(service.getSpec().getPorts());
      assertThat(ingress(ns, NAME)).as("the Ingress is kept").isNotNull()
          .satisfies(i -> assertThat(i.getMetadata().getUid()).isEqualTo(ingressUid));
    });
    assertThat(condition(app, ConditionTypes.PORTS_ALLOCATED).getMessage()).startsWith("spec cannot be read: ")
        .contains("eighty");
  }

  private void check(Row row) {
    String ns = op.newNamespace();
    Map<String, Object> sent = fixture(ns);
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) sent.get("spec");
    row.mutation().accept(spec);
    var create = op.client().genericKubernetesResources(EXPOSED_APPS).inNamespace(ns)
        .resource(op.client().getKubernetesSerialization().convertValue(sent, GenericKubernetesResource.class));
    if (row.refusal().refusedBy(op)) {
      // refused at once by the CRD schema, naming the field: nothing is stored
      assertThatThrownBy(create::create).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
        assertThat(e.getCode()).isEqualTo(422);
        assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
      });
      assertThat(op.get(ns, NAME)).isNull();
      if (!op.canStoreUnvalidatedCustomResources()) {
        op.create(app(ns, SIBLING, port("http", 80)));
        op.awaitReady(ns, SIBLING);
        return;
      }
      // where the schema is not enforced, the operator must still report it
      op.withoutCrdSchema(() -> {
        GenericKubernetesResource unvalidated = create.create();
        assertThat(op.client().getKubernetesSerialization().convertValue(unvalidated.get("spec"), Map.class))
            .as("stored as sent").isEqualTo(op.client().getKubernetesSerialization().convertValue(spec, Map.class));
        expectReport(row, ns, unvalidated);
      });
      return;
    }
    expectReport(row, ns, create.create());
  }

  /** What the operator makes of the stored app, and that a healthy sibling still becomes Ready. */
  private void expectReport(Row row, String ns, GenericKubernetesResource created) {
    Map<?, ?> stored = op.client().getKubernetesSerialization().convertValue(created.get("spec"), Map.class);
    ExposedApp app;
    if (row.outcome() == Outcome.READY) {
      app = op.awaitReady(ns, NAME);
    } else {
      app = op.awaitReason(ns, NAME, row.type(), row.reason());
      Condition condition = condition(app, row.type());
      assertThat(condition.getStatus()).isEqualTo("False");
      assertThat(condition.getMessage()).contains(row.mentioned());
      Condition ready = condition(app, ConditionTypes.READY);
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo(row.reason());
      Waits.await().untilAsserted(() -> assertThat(warnings(ns))
          .as("a Warning Event with the reason on the app")
          .anySatisfy(e -> assertThat(e.getReason()).isEqualTo(row.reason())));
    }
    switch (row.outcome()) {
      case READY -> {
        assertThat(op.service(ns, NAME)).isNotNull();
        assertThat(app.getStatus().nodePorts()).hasSize(2);
        assertThat(warnings(ns)).as("no Warning Event for an accepted spec").isEmpty();
      }
      case NO_SERVICE -> {
        assertThat(op.service(ns, NAME)).as("no Service is written").isNull();
        if (Reasons.INVALID_SPEC.equals(row.reason())) {
          assertThat(app.getStatus().nodePorts()).as("no nodePort is held for an invalid spec").isNull();
        } else {
          assertThat(app.getStatus().nodePorts()).as("no nodePort for the refused port")
              .noneSatisfy(p -> assertThat(p.name()).isEqualTo("http"));
        }
        assertThat(condition(app, ConditionTypes.SERVICE_READY).getReason()).isEqualTo(Reasons.SERVICE_PENDING);
      }
      case NO_INGRESS -> {
        assertThat(op.service(ns, NAME)).as("the Service is still written").isNotNull();
        assertThat(Conditions.isTrue(app.getStatus().conditions(), ConditionTypes.SERVICE_READY)).isTrue();
        assertThat(ingress(ns, NAME)).as("no Ingress is written").isNull();
      }
      default -> throw new IllegalStateException(row.outcome().name());
    }

    assertThat(op.client().getKubernetesSerialization().convertValue(
        op.client().genericKubernetesResources(EXPOSED_APPS).inNamespace(ns).withName(NAME).get().get("spec"),
        Map.class)).as("the operator never rewrites the user's spec").isEqualTo(stored);

    // one bad app never stops the others: a healthy sibling created now in the same namespace becomes Ready
    op.create(app(ns, SIBLING, port("http", 80)));
    op.awaitReady(ns, SIBLING);
    assertThat(op.service(ns, SIBLING)).isNotNull();

    // and the bad app is still reported as before, with still nothing written for it
    ExposedApp after = op.get(ns, NAME);
    if (row.outcome() == Outcome.READY) {
      assertThat(Conditions.isTrue(after.getStatus().conditions(), ConditionTypes.READY)).isTrue();
    } else {
      assertThat(condition(after, row.type()).getReason()).isEqualTo(row.reason());
    }
    if (row.outcome() == Outcome.NO_SERVICE) {
      assertThat(op.service(ns, NAME)).isNull();
    }
    if (row.outcome() == Outcome.NO_INGRESS) {
      assertThat(ingress(ns, NAME)).isNull();
    }
  }

  private static Map<String, Object> fixture(String namespace) {
    try (InputStream in = BadInputTest.class.getResourceAsStream("/reliability/valid.yaml")) {
      assertThat(in).as("reliability/valid.yaml on the test classpath").isNotNull();
      Map<String, Object> app = YAML.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8),
          new TypeReference<LinkedHashMap<String, Object>>() { });
      @SuppressWarnings("unchecked")
      Map<String, Object> metadata = (Map<String, Object>) app.get("metadata");
      metadata.put("namespace", namespace);
      return app;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> ports(Map<String, Object> spec) {
    return (List<Map<String, Object>>) spec.get("ports");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> portAt(Map<String, Object> spec, int index) {
    return ((List<Map<String, Object>>) spec.get("ports")).get(index);
  }

  private static Condition condition(ExposedApp app, String type) {
    return Conditions.find(app.getStatus().conditions(), type)
        .orElseThrow(() -> new AssertionError("no " + type + " condition in " + app.getStatus().conditions()));
  }

  /** Warning Events about the subject app (the sibling must never get one). */
  private static List<Event> warnings(String ns) {
    return op.client().v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "Warning".equals(e.getType()))
        .peek(e -> assertThat(e.getInvolvedObject().getName()).as("Warning Event on " + e.getReason())
            .isEqualTo(NAME))
        .toList();
  }

  private static io.fabric8.kubernetes.api.model.networking.v1.Ingress ingress(String ns, String name) {
    return op.ingress(ns, name);
  }
}
