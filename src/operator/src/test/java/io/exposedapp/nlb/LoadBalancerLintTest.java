package io.exposedapp.nlb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.exposedapp.api.AlbScheme;
import io.exposedapp.api.ExposedAppSpec;
import io.exposedapp.testing.SpecPatches;

/**
 * The loadBalancer lint, as a table: every row applies ONE JSON merge patch to the spec of a valid fixture (the
 * {@code nlb} golden input: ports play/UDP 7777 and api/TCP 8443, internet-facing, two subnets and two EIPs, TLS on
 * api, an HTTP health check) and expects exactly one problem containing the given text, which names the field.
 */
class LoadBalancerLintTest {

  private static final Path FIXTURE = Path.of("src/operator/src/test/resources/golden/service/in-nlb.yaml");

  @Test
  void theValidFixtureHasNoProblems() throws IOException {
    assertThat(LoadBalancerLint.problems(spec("{}"), AlbScheme.INTERNAL)).isEmpty();
  }

  @Test
  void anAppWithoutOrWithADisabledLoadBalancerHasNoProblems() throws IOException {
    assertThat(LoadBalancerLint.problems(spec("{loadBalancer: null, ports: [{name: s, port: 9, protocol: SCTP}]}"),
        AlbScheme.INTERNAL)).isEmpty();
    assertThat(LoadBalancerLint.problems(spec("{loadBalancer: {enabled: false, scheme: internal}}"),
        AlbScheme.INTERNAL)).isEmpty();
  }

  static Stream<Arguments> mutations() {
    return Stream.of(
        Arguments.of("an SCTP port", "{ports: [{name: play, port: 7777, protocol: SCTP}, {name: api, port: 8443}]}",
            "spec.ports[0] \"play\": an NLB has no SCTP listeners"),
        Arguments.of("TCP and UDP on one port number",
            "{ports: [{name: play, port: 53, protocol: UDP}, {name: api, port: 53}]}",
            "spec.ports[1] \"api\" (TCP 53) and spec.ports[0] \"play\" (UDP 53): an NLB listens on a port number once"),
        Arguments.of("EIPs on an internal NLB", "{loadBalancer: {scheme: internal}}",
            "spec.loadBalancer.eipAllocations: Elastic IPs are only for an internet-facing NLB; the scheme is internal"),
        Arguments.of("private addresses on an internet-facing NLB",
            "{loadBalancer: {eipAllocations: null, privateIpv4Addresses: [10.0.1.10, 10.0.2.10]}}",
            "spec.loadBalancer.privateIpv4Addresses: private addresses are only for an internal NLB"),
        Arguments.of("fewer EIPs than subnets", "{loadBalancer: {eipAllocations: [eipalloc-0a]}}",
            "spec.loadBalancer.eipAllocations: 1 entries for 2 subnets"),
        Arguments.of("EIPs without subnets", "{loadBalancer: {subnets: null}}",
            "spec.loadBalancer.eipAllocations: needs spec.loadBalancer.subnets"),
        Arguments.of("a private address that is none",
            "{loadBalancer: {scheme: internal, eipAllocations: null, privateIpv4Addresses: [10.0.1.10, 10.0.2.300]}}",
            "spec.loadBalancer.privateIpv4Addresses[1] \"10.0.2.300\": not an IPv4 address"),
        Arguments.of("a source range that is no CIDR", "{loadBalancer: {sourceRanges: [203.0.113.0]}}",
            "spec.loadBalancer.sourceRanges[0] \"203.0.113.0\": not a CIDR block"),
        Arguments.of("an IPv6 source range on an IPv4 NLB",
            "{loadBalancer: {ipAddressType: ipv4, sourceRanges: [\"2001:db8::/32\"]}}",
            "spec.loadBalancer.sourceRanges[0] \"2001:db8::/32\": an IPv6 range needs ipAddressType dualstack"),
        Arguments.of("TLS on a UDP port", "{loadBalancer: {tls: {ports: [play]}}}",
            "spec.loadBalancer.tls.ports[0] \"play\": a UDP port cannot terminate TLS"),
        Arguments.of("TLS on a port the app does not have", "{loadBalancer: {tls: {ports: [web]}}}",
            "spec.loadBalancer.tls.ports[0] \"web\": not a port of spec.ports"),
        Arguments.of("TLS on every port of an app with a UDP port", "{loadBalancer: {tls: {ports: null}}}",
            "spec.loadBalancer.tls.ports: must name the TCP ports"),
        Arguments.of("a certificate that is no ARN", "{loadBalancer: {tls: {certificateArns: [my-cert]}}}",
            "spec.loadBalancer.tls.certificateArns[0] \"my-cert\": not an ACM certificate ARN"),
        Arguments.of("a path on a TCP check", "{loadBalancer: {healthCheck: {protocol: TCP, successCodes: null}}}",
            "spec.loadBalancer.healthCheck.path: needs protocol HTTP or HTTPS"),
        Arguments.of("the target type as an annotation",
            "{loadBalancer: {annotations: {service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip}}}",
            "spec.loadBalancer.annotations[\"service.beta.kubernetes.io/aws-load-balancer-nlb-target-type\"]: "
                + "cannot be set"),
        Arguments.of("an annotation a field sets",
            "{loadBalancer: {annotations: {service.beta.kubernetes.io/aws-load-balancer-subnets: subnet-0c}}}",
            "set by spec.loadBalancer.subnets; set it there"),
        Arguments.of("the legacy type in serviceAnnotations",
            "{serviceAnnotations: {service.beta.kubernetes.io/aws-load-balancer-type: external}}",
            "spec.serviceAnnotations[\"service.beta.kubernetes.io/aws-load-balancer-type\"]: cannot be set"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutations")
  void eachMutationIsReportedOnceWithItsField(String what, String patch, String expected) throws IOException {
    assertThat(LoadBalancerLint.problems(spec(patch), AlbScheme.INTERNAL))
        .singleElement().asString().contains(expected);
  }

  @Test
  void theOperatorsDefaultSchemeDecidesWhereTheSectionIsSilent() throws IOException {
    ExposedAppSpec silent = spec("{loadBalancer: {scheme: null}}");

    assertThat(LoadBalancerLint.problems(silent, AlbScheme.INTERNET_FACING)).isEmpty();
    assertThat(LoadBalancerLint.problems(silent, AlbScheme.INTERNAL)).singleElement().asString()
        .contains("the scheme is internal (the operator's default)");
  }

  /** The fixture's spec with a JSON merge patch (RFC 7386) applied. */
  static ExposedAppSpec spec(String patch) throws IOException {
    return SpecPatches.spec(FIXTURE, patch);
  }
}
