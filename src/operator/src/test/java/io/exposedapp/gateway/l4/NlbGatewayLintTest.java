package io.exposedapp.gateway.l4;

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
 * The nlbGateway lint, as a table: every row applies ONE JSON merge patch to the spec of a valid fixture (the {@code
 * nlb-own} golden input: play/UDP 7777 and lobby/TCP 8443 on an NLB Gateway of the app's own, lobby behind TLS on
 * 443, internet-facing, two subnets with two EIPs, a certificate) and expects exactly one problem containing the
 * given text, which names the field.
 */
class NlbGatewayLintTest {

  private static final Path FIXTURE = Path.of("src/operator/src/test/resources/golden/gateway/in-nlb-own.yaml");
  private static final String LOBBY = "{port: lobby, listenerPort: 443, tls: {hostnames: [lobby.example.com]}}";
  /** The fields of an own NLB, removed: the routes of these rows are all on shared Gateways. */
  private static final String NO_OWN_NLB = "className: null, scheme: null, subnets: null, eipAllocations: null, "
      + "sourceRanges: null, attributes: null, tags: null, certificateArns: null";

  @Test
  void theValidFixtureHasNoProblems() throws IOException {
    assertThat(NlbGatewayLint.problems(spec("{}"), AlbScheme.INTERNAL)).isEmpty();
  }

  @Test
  void anAppWithoutOrWithADisabledSectionHasNoProblems() throws IOException {
    assertThat(NlbGatewayLint.problems(spec("{nlbGateway: null, externalTrafficPolicy: Local}"), AlbScheme.INTERNAL))
        .isEmpty();
    assertThat(NlbGatewayLint.problems(spec("{nlbGateway: {enabled: false, routes: [{port: nope}]}}"),
        AlbScheme.INTERNAL)).isEmpty();
  }

  static Stream<Arguments> mutations() {
    return Stream.of(
        Arguments.of("a route to a port the app does not have",
            "{nlbGateway: {routes: [{port: play}, " + LOBBY + ", {port: web, listenerPort: 80}]}}",
            "spec.nlbGateway.routes[2].port \"web\": not a port of spec.ports"),
        Arguments.of("a port routed twice",
            "{nlbGateway: {routes: [{port: play}, " + LOBBY + ", {port: play, listenerPort: 7778}]}}",
            "spec.nlbGateway.routes[2].port \"play\": routed twice"),
        Arguments.of("an SCTP port",
            "{ports: [{name: play, port: 7777, protocol: UDP}, {name: lobby, port: 8443}, {name: s, port: 9, "
                + "protocol: SCTP}], nlbGateway: {routes: [{port: play}, " + LOBBY + ", {port: s}]}}",
            "spec.nlbGateway.routes[2].port \"s\": an SCTP port"),
        Arguments.of("tls on a UDP port",
            "{nlbGateway: {routes: [{port: play, tls: {hostnames: [play.example.com]}}, " + LOBBY + "]}}",
            "spec.nlbGateway.routes[0].tls: port \"play\" is UDP"),
        Arguments.of("tls without host names",
            "{nlbGateway: {routes: [{port: play}, {port: lobby, listenerPort: 443, tls: {hostnames: []}}]}}",
            "spec.nlbGateway.routes[1].tls.hostnames: a TLSRoute needs at least one host name"),
        Arguments.of("a routed port number that is TCP and UDP",
            "{ports: [{name: play, port: 7777, protocol: UDP}, {name: lobby, port: 8443}, {name: play-tcp, "
                + "port: 7777}]}",
            "spec.nlbGateway.routes[0].port \"play\": the Service also has TCP port \"play-tcp\" on 7777"),
        Arguments.of("two routes on one listener port of the own Gateway",
            "{nlbGateway: {routes: [{port: play}, {port: lobby, listenerPort: 7777, tls: {hostnames: "
                + "[l.example.com]}}]}}",
            "spec.nlbGateway.routes[1]: listens on 7777 like routes[0]"),
        Arguments.of("two routes on one shared listener",
            "{nlbGateway: {" + NO_OWN_NLB + ", routes: [{port: play, parentRef: {name: g, sectionName: l}}, "
                + "{port: lobby, parentRef: {name: g, sectionName: l}}]}}",
            "spec.nlbGateway.routes[1].parentRef: the same listener as routes[0]"),
        Arguments.of("own NLB fields while every route is on a shared Gateway",
            "{nlbGateway: {routes: [{port: play, parentRef: {name: g, sectionName: udp}}, {port: lobby, "
                + "parentRef: {name: g, sectionName: tls}, tls: {hostnames: [lobby.example.com]}}]}}",
            "every route has a parentRef: the shared Gateways' owners decide them"),
        Arguments.of("a parentRef without a listener",
            "{nlbGateway: {routes: [{port: play, parentRef: {name: g}}, " + LOBBY + "]}}",
            "spec.nlbGateway.routes[0].parentRef: needs name and sectionName"),
        Arguments.of("a listenerPort with a parentRef",
            "{nlbGateway: {routes: [{port: play, listenerPort: 1, parentRef: {name: g, sectionName: l}}, " + LOBBY
                + "]}}",
            "spec.nlbGateway.routes[0].listenerPort: only for a listener of the app's own NLB Gateway"),
        Arguments.of("a TLS listener of the own Gateway without certificates", "{nlbGateway: {certificateArns: null}}",
            "spec.nlbGateway.certificateArns: a route with tls on the app's own NLB Gateway needs the certificates"),
        Arguments.of("certificates no listener uses",
            "{nlbGateway: {routes: [{port: play}, {port: lobby, listenerPort: 443}]}}",
            "spec.nlbGateway.certificateArns: no route on the app's own NLB Gateway has tls"),
        Arguments.of("a certificate that is no ARN", "{nlbGateway: {certificateArns: [my-cert]}}",
            "spec.nlbGateway.certificateArns[0] \"my-cert\": not an ACM certificate ARN"),
        Arguments.of("EIPs on an internal NLB", "{nlbGateway: {scheme: internal}}",
            "spec.nlbGateway.eipAllocations: Elastic IPs are only for an internet-facing NLB"),
        Arguments.of("fewer EIPs than subnets", "{nlbGateway: {eipAllocations: [eipalloc-0a]}}",
            "spec.nlbGateway.eipAllocations: 1 entries for 2 subnets"),
        Arguments.of("a source range that is no CIDR", "{nlbGateway: {sourceRanges: [203.0.113.0]}}",
            "spec.nlbGateway.sourceRanges[0] \"203.0.113.0\": not a CIDR block"),
        Arguments.of("a path on a TCP check", "{nlbGateway: {healthCheck: {protocol: TCP, path: /healthz}}}",
            "spec.nlbGateway.healthCheck.path: needs protocol HTTP or HTTPS"),
        Arguments.of("no routes", "{nlbGateway: {" + NO_OWN_NLB + ", routes: []}}",
            "spec.nlbGateway.routes: needs at least one entry"),
        Arguments.of("Local traffic without an NLB Service", "{externalTrafficPolicy: Local}",
            "spec.externalTrafficPolicy: Local needs the Service's healthCheckNodePort"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutations")
  void eachMutationIsReportedOnceWithItsField(String what, String patch, String expected) throws IOException {
    assertThat(NlbGatewayLint.problems(spec(patch), AlbScheme.INTERNAL)).singleElement().asString()
        .contains(expected);
  }

  @Test
  void localTrafficIsFineWhenTheServiceIsAnNlbOfItsOwnWithAHealthCheckNodePort() throws IOException {
    assertThat(NlbGatewayLint.problems(spec("{externalTrafficPolicy: Local, loadBalancer: {}}"),
        AlbScheme.INTERNAL)).isEmpty();
  }

  /** The fixture's spec with a JSON merge patch (RFC 7386) applied. */
  static ExposedAppSpec spec(String patch) throws IOException {
    return SpecPatches.spec(FIXTURE, patch);
  }
}
