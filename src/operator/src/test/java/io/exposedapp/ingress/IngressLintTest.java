package io.exposedapp.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppSpec;
import io.exposedapp.api.ExternalTrafficPolicy;
import io.exposedapp.api.HealthCheck;
import io.exposedapp.api.IngressRule;
import io.exposedapp.api.IngressSpec;
import io.exposedapp.api.PortSpec;
import io.exposedapp.api.Protocol;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The lint, as a table: every row breaks ONE thing in a valid fixture (the public-tls golden input, whose rules are
 * [0] shop.example.com /, [1] shop.example.com /admin -> admin, [2] api.example.com /v1, [3] api.example.com
 * /v2/&#42;/items ImplementationSpecific, [4] shop.example.com /healthz Exact; ports http, admin, dns/UDP) and
 * expects exactly one problem containing the given text.
 */
class IngressLintTest {

  private static final ExposedAppSpec VALID = load("src/operator/src/test/resources/golden/ingress/in-public-tls.yaml");

  @Test
  void theValidFixtureHasNoProblems() {
    assertThat(IngressLint.problems(VALID)).isEmpty();
  }

  @Test
  void anAppWithoutIngressHasNoProblems() {
    ExposedAppSpec local = new ExposedAppSpec(VALID.selector(), null, VALID.ports(), ExternalTrafficPolicy.Local,
        null, null, null, null);

    assertThat(IngressLint.problems(local)).isEmpty();
    assertThat(IngressLint.problems(null)).isEmpty();
  }

  @Test
  void aDisabledIngressHasNoProblems() {
    ExposedAppSpec disabled = ingress(i -> with(with(i, "enabled", false), "groupOrder", 0)).apply(VALID);

    assertThat(IngressLint.problems(disabled)).isEmpty();
  }

  @Test
  void iamServerCertificatesAndOtherPartitionsAreAccepted() {
    ExposedAppSpec certs = ingress(i -> with(i, "certificateArns", List.of(
        "arn:aws:iam::123456789012:server-certificate/prod/shop.example.com",
        "arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/0f6a1b2c-3d4e-5f60-7182-93a4b5c6d7e8",
        "arn:aws-cn:acm:cn-north-1:123456789012:certificate/0f6a1b2c-3d4e-5f60-7182-93a4b5c6d7e8"))).apply(VALID);

    assertThat(IngressLint.problems(certs)).isEmpty();
  }

  @Test
  void anAnnotationForAnUnsetNonListenerFieldIsAllowed() {
    ExposedAppSpec grouped = annotation("alb.ingress.kubernetes.io/group.name", "apps").apply(VALID);

    assertThat(IngressLint.problems(grouped)).isEmpty();
  }

  static Stream<Arguments> mutations() {
    return Stream.of(
        row("rule to a port that does not exist", rule(1, r -> with(r, "port", "nope")),
            "spec.ingress.rules[1].port \"nope\": no port of that name in spec.ports (there are http, admin, dns)"),
        row("rule without a port", rule(1, r -> with(r, "port", null)),
            "spec.ingress.rules[1].port: is required"),
        row("rule to a UDP port", rule(1, r -> with(r, "port", "dns")),
            "spec.ingress.rules[1].port \"dns\": uses UDP; an ALB speaks HTTP/HTTPS over TCP only"),
        row("rule to an SCTP port",
            s -> rule(1, r -> with(r, "port", "sctp")).apply(s.withPorts(append(s.ports(),
                new PortSpec("sctp", 3868, null, Protocol.SCTP, null)))),
            "spec.ingress.rules[1].port \"sctp\": uses SCTP"),
        row("no rules and the first port is UDP",
            s -> ingress(i -> with(i, "rules", null)).apply(s.withPorts(List.of(s.ports().get(2), s.ports().get(0)))),
            "spec.ingress.rules: none, so every request goes to the first port \"dns\", which uses UDP"),
        row("externalTrafficPolicy Local",
            s -> new ExposedAppSpec(s.selector(), s.serviceName(), s.ports(), ExternalTrafficPolicy.Local,
                s.serviceAnnotations(), s.ingress(), null, null),
            "spec.externalTrafficPolicy: Local does not work behind an ALB in instance mode"),
        row("group order 0", ingress(i -> with(i, "groupOrder", 0)),
            "spec.ingress.groupOrder 0: must be between 1 and 1000"),
        row("group order 1001", ingress(i -> with(i, "groupOrder", 1001)),
            "spec.ingress.groupOrder 1001: must be between 1 and 1000"),
        row("load balancer name of 33 characters", ingress(i -> with(i, "loadBalancerName", "a".repeat(33))),
            "spec.ingress.loadBalancerName \"" + "a".repeat(33) + "\": must be at most 32"),
        row("load balancer name with '_'", ingress(i -> with(i, "loadBalancerName", "shop_prod")),
            "spec.ingress.loadBalancerName \"shop_prod\""),
        row("load balancer name ending with '-'", ingress(i -> with(i, "loadBalancerName", "shop-")),
            "spec.ingress.loadBalancerName \"shop-\""),
        row("certificate ARN with a short account",
            ingress(i -> with(i, "certificateArns", List.of(i.certificateArns().get(0),
                "arn:aws:acm:eu-west-1:1234:certificate/0f6a1b2c"))),
            "spec.ingress.certificateArns[1] \"arn:aws:acm:eu-west-1:1234:certificate/0f6a1b2c\": not an ACM"),
        row("certificate ARN of another service",
            ingress(i -> with(i, "certificateArns", List.of("arn:aws:s3:::my-bucket"))),
            "spec.ingress.certificateArns[0] \"arn:aws:s3:::my-bucket\""),
        row("certificate that is a name, not an ARN",
            ingress(i -> with(i, "certificateArns", List.of("shop.example.com"))),
            "spec.ingress.certificateArns[0] \"shop.example.com\""),
        row("group name with upper case", ingress(i -> with(i, "groupName", "Apps")),
            "spec.ingress.groupName \"Apps\": must be lower-case"),
        row("group name of 64 characters", ingress(i -> with(i, "groupName", "g".repeat(64))),
            "spec.ingress.groupName \"" + "g".repeat(64) + "\""),
        row("group name starting with '.'", ingress(i -> with(i, "groupName", ".apps")),
            "spec.ingress.groupName \".apps\""),
        row("host with upper case", rule(0, r -> with(r, "host", "Shop.example.com")),
            "spec.ingress.rules[0].host \"Shop.example.com\": must be a lower-case DNS name"),
        row("host with a wildcard inside", rule(2, r -> with(r, "host", "api.*.example.com")),
            "spec.ingress.rules[2].host \"api.*.example.com\""),
        row("host of 254 characters", rule(0, r -> with(r, "host", "a".repeat(50) + ".b".repeat(102))),
            "spec.ingress.rules[0].host \"" + "a".repeat(50)),
        row("Prefix path with an ALB wildcard", rule(2, r -> with(r, "path", "/v1/*")),
            "spec.ingress.rules[2].path \"/v1/*\": a Prefix path cannot contain '*' or '?'"),
        row("Exact path with '?'", rule(4, r -> with(r, "path", "/health?")),
            "spec.ingress.rules[4].path \"/health?\": an Exact path cannot contain"),
        row("path not starting with '/'", rule(1, r -> with(r, "path", "admin")),
            "spec.ingress.rules[1].path \"admin\": must start with '/'"),
        row("ssl redirect without certificates", ingress(i -> with(i, "certificateArns", null)),
            "spec.ingress.sslRedirect: true needs spec.ingress.certificateArns"),
        row("ssl redirect with an empty certificate list", ingress(i -> with(i, "certificateArns", List.of())),
            "spec.ingress.sslRedirect: true needs spec.ingress.certificateArns"),
        row("health check timeout equal to the interval", healthCheck(h -> with(h, "timeoutSeconds", 10)),
            "spec.ingress.healthCheck.timeoutSeconds 10: must be less than intervalSeconds 10"),
        row("health check timeout above the default interval",
            healthCheck(h -> with(with(h, "intervalSeconds", null), "timeoutSeconds", 20)),
            "spec.ingress.healthCheck.timeoutSeconds 20: must be less than intervalSeconds 15 (the default)"),
        row("health check interval at the default timeout",
            healthCheck(h -> with(with(h, "intervalSeconds", 5), "timeoutSeconds", null)),
            "spec.ingress.healthCheck.timeoutSeconds 5 (the default): must be less than intervalSeconds 5"),
        row("target-type annotation", annotation("alb.ingress.kubernetes.io/target-type", "ip"),
            "spec.ingress.annotations[\"alb.ingress.kubernetes.io/target-type\"]: refused: the Ingress is always in "
                + "instance mode"),
        row("target-type annotation even when it says instance",
            annotation("alb.ingress.kubernetes.io/target-type", "instance"),
            "alb.ingress.kubernetes.io/target-type\"]: refused"),
        row("scheme annotation while scheme is set", annotation("alb.ingress.kubernetes.io/scheme", "internal"),
            "spec.ingress.annotations[\"alb.ingress.kubernetes.io/scheme\"]: is written by the operator from "
                + "spec.ingress.scheme"),
        row("scheme annotation while the default applies",
            s -> annotation("alb.ingress.kubernetes.io/scheme", "internal").apply(
                ingress(i -> with(i, "scheme", null)).apply(s)),
            "alb.ingress.kubernetes.io/scheme\"]: is written by the operator from spec.ingress.scheme"),
        row("group.name annotation while groupName is set",
            s -> annotation("alb.ingress.kubernetes.io/group.name", "other").apply(
                ingress(i -> with(i, "groupName", "apps")).apply(s)),
            "alb.ingress.kubernetes.io/group.name\"]: is written by the operator from spec.ingress.groupName"),
        row("listen-ports annotation", annotation("alb.ingress.kubernetes.io/listen-ports", "[{\"HTTPS\": 8443}]"),
            "alb.ingress.kubernetes.io/listen-ports\"]: is written by the operator from spec.ingress.certificateArns"),
        row("healthcheck-path annotation while healthCheck.path is set",
            annotation("alb.ingress.kubernetes.io/healthcheck-path", "/other"),
            "from spec.ingress.healthCheck.path"),
        row("tags annotation while tags are set", annotation("alb.ingress.kubernetes.io/tags", "a=b"),
            "from spec.ingress.tags"),
        row("legacy ingress class annotation", annotation("kubernetes.io/ingress.class", "alb"),
            "spec.ingress.annotations[\"kubernetes.io/ingress.class\"]: refused: the API server rejects it next to "
                + "spec.ingressClassName"),
        row("annotation with an empty value", annotation("alb.ingress.kubernetes.io/ssl-policy", ""),
            "spec.ingress.annotations[\"alb.ingress.kubernetes.io/ssl-policy\"]: has an empty value"),
        row("annotation with a blank value", annotation("example.com/owner", "  "),
            "spec.ingress.annotations[\"example.com/owner\"]: has an empty value"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutations")
  void oneMutationOneProblem(String name, UnaryOperator<ExposedAppSpec> mutation, String expected) {
    assertThat(IngressLint.problems(mutation.apply(VALID))).singleElement().asString().contains(expected);
  }

  private static Arguments row(String name, UnaryOperator<ExposedAppSpec> mutation, String expected) {
    return Arguments.of(name, mutation, expected);
  }

  private static UnaryOperator<ExposedAppSpec> ingress(UnaryOperator<IngressSpec> change) {
    return s -> s.withIngress(change.apply(s.ingress()));
  }

  private static UnaryOperator<ExposedAppSpec> rule(int index, UnaryOperator<IngressRule> change) {
    return ingress(i -> {
      List<IngressRule> rules = new ArrayList<>(i.rules());
      rules.set(index, change.apply(rules.get(index)));
      return with(i, "rules", rules);
    });
  }

  private static UnaryOperator<ExposedAppSpec> healthCheck(UnaryOperator<HealthCheck> change) {
    return ingress(i -> with(i, "healthCheck", change.apply(i.healthCheck())));
  }

  private static UnaryOperator<ExposedAppSpec> annotation(String key, String value) {
    return ingress(i -> {
      Map<String, String> annotations = new LinkedHashMap<>(i.annotations() == null ? Map.of() : i.annotations());
      annotations.put(key, value);
      return with(i, "annotations", annotations);
    });
  }

  private static <T> List<T> append(List<T> list, T element) {
    List<T> longer = new ArrayList<>(list);
    longer.add(element);
    return longer;
  }

  /**
   * A copy of a record with one component replaced, through the canonical constructor (IngressSpec has 15
   * components and no withers; spelling each row's constructor call out would hide what the row changes). A
   * misspelled component fails the row at once.
   */
  @SuppressWarnings("unchecked")
  static <R extends Record> R with(R record, String component, Object value) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    try {
      Object[] args = new Object[components.length];
      boolean found = false;
      for (int c = 0; c < components.length; c++) {
        boolean target = components[c].getName().equals(component);
        found |= target;
        args[c] = target ? value : components[c].getAccessor().invoke(record);
      }
      if (!found) {
        throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no component " + component);
      }
      Constructor<?> canonical = record.getClass().getDeclaredConstructor(
          Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      return (R) canonical.newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ExposedAppSpec load(String path) {
    try {
      return Serialization.unmarshal(Files.readString(Path.of(path)), ExposedApp.class).getSpec();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
