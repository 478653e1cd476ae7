package io.exposedapp.targetgroupbinding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.exposedapp.api.ExposedApp;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The bindings lint, as a table: every row replaces the valid fixture's bindings (the {@code bindings} golden input:
 * ports dns/UDP 53, dns-tcp/TCP 53, metrics/TCP 9153) with a list that breaks ONE thing, and expects exactly one
 * problem containing the given text, which names the field.
 */
class TargetGroupBindingLintTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path FIXTURE = Path.of("src/operator/src/test/resources/golden/targetgroupbinding/"
      + "in-bindings.yaml");

  @Test
  void theValidFixtureHasNoProblems() throws IOException {
    assertThat(TargetGroupBindingLint.problems(app(null))).isEmpty();
  }

  static Stream<Arguments> mutations() {
    return Stream.of(
        Arguments.of("a port the app does not have", "[{port: web, targetGroupName: tg}]",
            "spec.targetGroupBindings[0].port \"web\": not a port of spec.ports"),
        Arguments.of("two entries for one port", "[{port: dns, targetGroupName: a}, {port: dns, targetGroupName: b}]",
            "spec.targetGroupBindings[1].port \"dns\": bound by another entry; one binding per port"),
        Arguments.of("no target group", "[{port: dns}]",
            "spec.targetGroupBindings[0]: exactly one of targetGroupARN and targetGroupName must be set"),
        Arguments.of("two target groups",
            "[{port: dns, targetGroupName: a, targetGroupARN: 'arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/a/1'}]",
            "spec.targetGroupBindings[0]: exactly one of targetGroupARN and targetGroupName must be set"),
        Arguments.of("a source with both kinds",
            "[{port: dns, targetGroupName: a, allowFrom: [{cidr: 10.0.0.0/8, securityGroup: sg-0a}]}]",
            "spec.targetGroupBindings[0].allowFrom[0]: exactly one of cidr and securityGroup must be set"),
        Arguments.of("a CIDR that is none", "[{port: dns, targetGroupName: a, allowFrom: [{cidr: 10.0.0.0}]}]",
            "spec.targetGroupBindings[0].allowFrom[0].cidr \"10.0.0.0\": not a CIDR block"),
        Arguments.of("two entries of one name",
            "[{port: dns, targetGroupName: a, name: shared}, {port: dns-tcp, targetGroupName: b, name: shared}]",
            "spec.targetGroupBindings[1].name \"shared\": the name of another entry's binding"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutations")
  void eachMutationIsReportedOnceWithItsField(String what, String bindings, String expected) throws IOException {
    assertThat(TargetGroupBindingLint.problems(app(bindings))).singleElement().asString().contains(expected);
  }

  @Test
  void anSctpPortCannotBeBound() throws IOException {
    ObjectNode app = (ObjectNode) YAML.readTree(Files.readString(FIXTURE));
    ((ObjectNode) app.path("spec").path("ports").get(2)).put("protocol", "SCTP");

    assertThat(TargetGroupBindingLint.problems(Serialization.unmarshal(YAML.writeValueAsString(app),
        ExposedApp.class))).singleElement().asString()
        .contains("spec.targetGroupBindings[2].port \"metrics\": an SCTP port cannot be in a target group");
  }

  /** The fixture with other bindings (null keeps its own). */
  private static ExposedApp app(String bindings) throws IOException {
    ObjectNode app = (ObjectNode) YAML.readTree(Files.readString(FIXTURE));
    if (bindings != null) {
      ((ObjectNode) app.get("spec")).set("targetGroupBindings", YAML.readTree(bindings));
    }
    return Serialization.unmarshal(YAML.writeValueAsString(app), ExposedApp.class);
  }
}
