package io.exposedapp.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

/** {@code api/valid.yaml} maps onto the model field for field and serializes back to the same document. */
class ExposedAppRoundTripTest {

  private static String fixture() throws IOException {
    try (InputStream in = ExposedAppRoundTripTest.class.getResourceAsStream("/api/valid.yaml")) {
      assertThat(in).as("api/valid.yaml on the test classpath").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void fixtureDeserializesFieldForField() throws IOException {
    ExposedApp app = Serialization.unmarshal(fixture(), ExposedApp.class);

    assertThat(app.getApiVersion()).isEqualTo("exposedapp.io/v1alpha1");
    assertThat(app.getKind()).isEqualTo("ExposedApp");
    assertThat(app.getMetadata().getName()).isEqualTo("web");
    assertThat(app.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(app.getMetadata().getGeneration()).isEqualTo(3L);

    ExposedAppSpec spec = app.getSpec();
    assertThat(spec.selector()).containsExactly(Map.entry("app", "web"), Map.entry("tier", "frontend"));
    assertThat(spec.serviceName()).isEqualTo("web-np");
    assertThat(spec.externalTrafficPolicy()).isEqualTo(ExternalTrafficPolicy.Local);
    assertThat(spec.serviceAnnotations()).containsExactly(Map.entry("example.com/owner", "storefront"));
    assertThat(spec.ports()).containsExactly(
        new PortSpec("http", 80, new IntOrString(8080), Protocol.TCP, 31080),
        new PortSpec("https", 443, new IntOrString("https-alt"), Protocol.TCP, null),
        new PortSpec("dns", 53, null, Protocol.UDP, null));
    assertThat(spec.ports().get(0).targetPort().getIntVal()).isEqualTo(8080);
    assertThat(spec.ports().get(1).targetPort().getStrVal()).isEqualTo("https-alt");

    ExposedAppStatus status = app.getStatus();
    assertThat(status.observedGeneration()).isEqualTo(3L);
    assertThat(status.serviceName()).isEqualTo("web-np");
    assertThat(status.nodePorts()).containsExactly(
        new NodePortStatus("http", 80, Protocol.TCP, 31080),
        new NodePortStatus("https", 443, Protocol.TCP, 31443),
        new NodePortStatus("dns", 53, Protocol.UDP, 30053));
    assertThat(status.ports()).isEqualTo("http:31080,https:31443,dns:30053")
        .isEqualTo(ExposedAppStatus.summarize(status.nodePorts()));
    assertThat(status.conditions()).containsExactly(new ConditionBuilder()
        .withType("Ready").withStatus("True").withReason("ServiceReady")
        .withMessage("Service web-np exposes 3 ports").withLastTransitionTime("2025-01-02T03:04:05Z")
        .withObservedGeneration(3L).build());
  }

  @Test
  void serializesBackToTheSameDocument() throws IOException {
    String yaml = fixture();
    ExposedApp app = Serialization.unmarshal(yaml, ExposedApp.class);

    ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
    JsonNode original = mapper.readTree(yaml);
    JsonNode written = mapper.readTree(Serialization.asYaml(app));
    assertThat(written).isEqualTo(original);
    // numbers stay numbers and names stay strings through IntOrString
    assertThat(written.at("/spec/ports/0/targetPort").isInt()).isTrue();
    assertThat(written.at("/spec/ports/1/targetPort").isTextual()).isTrue();

    ExposedApp again = Serialization.unmarshal(Serialization.asJson(app), ExposedApp.class);
    assertThat(again.getSpec()).isEqualTo(app.getSpec());
    assertThat(again.getStatus()).isEqualTo(app.getStatus());
  }

  @Test
  void builtInJavaSerializesWithoutNullsAndWithResourceIdentity() throws IOException {
    ExposedApp app = new ExposedApp(new ExposedAppSpec(Map.of("app", "web"), null,
        List.of(new PortSpec("http", 80, null, null, null)), null, null, null, null, null));
    app.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace("shop").build());

    JsonNode written = new ObjectMapper(new YAMLFactory()).readTree(Serialization.asYaml(app));
    assertThat(written.path("apiVersion").asText()).isEqualTo("exposedapp.io/v1alpha1");
    assertThat(written.path("kind").asText()).isEqualTo("ExposedApp");
    assertThat(written.at("/spec/ports/0")).hasSize(2); // name and port only: unset fields are omitted
    assertThat(written.path("spec").has("serviceName")).isFalse();
    assertThat(written.has("status")).isFalse();
    assertThat(app.getPlural()).isEqualTo("exposedapps");
    assertThat(app.getSingular()).isEqualTo("exposedapp");
    assertThat(app.getCRDName()).isEqualTo(ExposedApp.CRD_NAME);
    assertThat(app).isInstanceOf(KubernetesResource.class);
  }

  @Test
  void defaultsThatOnlyTheOperatorCanApply() {
    ExposedAppSpec spec = new ExposedAppSpec(Map.of("app", "web"), null,
        List.of(new PortSpec("http", 80, null, null, null), new PortSpec("dns", 53, new IntOrString("dns-tcp"),
            Protocol.UDP, 30053)),
        null, null, null, null, null);
    assertThat(spec.effectiveServiceName("web")).isEqualTo("web");
    assertThat(new ExposedAppSpec(Map.of("a", "b"), "svc", List.of(), null, null, null, null, null).effectiveServiceName("web"))
        .isEqualTo("svc");
    assertThat(spec.ports().get(0).effectiveTargetPort()).isEqualTo(new IntOrString(80));
    assertThat(spec.ports().get(0).effectiveProtocol()).isEqualTo(Protocol.TCP);
    assertThat(spec.ports().get(1).effectiveTargetPort()).isEqualTo(new IntOrString("dns-tcp"));
    assertThat(spec.ports().get(1).effectiveProtocol()).isEqualTo(Protocol.UDP);
  }

  @Test
  void recordsAreImmutableCopies() {
    Map<String, String> selector = new HashMap<>(Map.of("app", "web"));
    List<PortSpec> ports = new ArrayList<>(List.of(new PortSpec("http", 80, null, null, null)));
    ExposedAppSpec spec = new ExposedAppSpec(selector, null, ports, null, null, null, null, null);
    selector.put("other", "x");
    ports.clear();
    assertThat(spec.selector()).containsOnlyKeys("app");
    assertThat(spec.ports()).hasSize(1);
    assertThatThrownBy(() -> spec.ports().add(null)).isInstanceOf(UnsupportedOperationException.class);

    List<Condition> conditions = new ArrayList<>(List.of(new ConditionBuilder().withType("Ready").build()));
    ExposedAppStatus status = new ExposedAppStatus(1L, "web", List.of(), "", null, null, conditions);
    conditions.clear();
    assertThat(status.conditions()).hasSize(1);
  }

  @Test
  void customResourceDefaultsToNoSpecAndStatus() {
    ExposedApp app = new ExposedApp();
    // records have no no-arg constructor: fabric8 leaves spec and status null rather than failing
    assertThat(app.getSpec()).isNull();
    assertThat(app.getStatus()).isNull();
  }
}
