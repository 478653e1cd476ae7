package io.exposedapp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.exposedapp.gateway.GatewayLint;
import io.exposedapp.allocation.PortRange;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.config.IngressDefaults;
import io.exposedapp.gateway.GatewayPlan;
import io.exposedapp.gateway.ServedGatewayApis;
import io.exposedapp.gateway.l4.DesiredL4Route;
import io.exposedapp.gateway.l4.DesiredNlbGateway;
import io.exposedapp.gateway.l4.DesiredNlbLoadBalancerConfiguration;
import io.exposedapp.gateway.l4.L4Route;
import io.exposedapp.gateway.l4.L4RouteKind;
import io.exposedapp.gateway.l4.NlbGatewayPlan;
import io.exposedapp.gateway.l4.ServedL4Routes;
import io.exposedapp.lbc.LbcApi;
import io.exposedapp.lbc.LoadBalancerConfigurationV1;
import io.exposedapp.lbc.LoadBalancerConfigurationV1beta1;
import io.exposedapp.lbc.TargetGroupConfigurationV1;
import io.exposedapp.lbc.TargetGroupConfigurationV1beta1;
import io.exposedapp.plan.ExposurePlan;
import io.exposedapp.plan.NodePortPlanner;
import io.exposedapp.testing.GoldenFiles;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Golden files for the Gateway API objects: {@code golden/gateway/in-X.yaml} (an ExposedApp, planned against an empty
 * cluster that serves Gateway API v1 with the experimental channel's layer-4 routes in v1 and {@code
 * gateway.k8s.aws/v1}, with the operator's defaults) must produce exactly {@code out-X.yaml}: the HTTPRoute, the
 * TargetGroupConfiguration and, for an ALB of the app's own, the Gateway and the LoadBalancerConfiguration; then the
 * TCPRoutes, UDPRoutes and TLSRoutes and, for an NLB of the app's own, its Gateway and LoadBalancerConfiguration. The
 * out files were reviewed against the Gateway API v1.6.1 CRDs (standard and experimental) and the AWS Load Balancer
 * Controller's gateway documentation; {@code -Dgolden.update=true} rewrites them after a deliberate change.
 */
class DesiredGatewayObjectsGoldenTest {

  private static final Path DIR = Path.of("src/operator/src/test/resources/golden/gateway");
  private static final ServedGatewayApis SERVED = new ServedGatewayApis(true, Optional.of(LbcApi.V1));
  private static final ServedL4Routes ROUTES_V1 = new ServedL4Routes(java.util.Map.of(L4RouteKind.TCP, "v1",
      L4RouteKind.UDP, "v1", L4RouteKind.TLS, "v1"));

  static List<String> cases() throws IOException {
    return GoldenFiles.cases(DIR);
  }

  private static ExposedApp read(String name) throws IOException {
    return Serialization.unmarshal(Files.readString(DIR.resolve("in-" + name + ".yaml")), ExposedApp.class);
  }

  private static ExposurePlan plan(ExposedApp app) {
    return new NodePortPlanner(PortRange.DEFAULT, Clock.systemUTC()).plan(app, List.of(), List.of(app));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void desiredGatewayObjectsMatchTheGoldenFile(String name) throws IOException {
    ExposedApp app = read(name);
    ExposurePlan plan = plan(app);
    GatewayPlan gatewayPlan = GatewayPlan.of(app, SERVED, IngressDefaults.AWS, "alb");
    NlbGatewayPlan nlbPlan = NlbGatewayPlan.of(app, SERVED, ROUTES_V1, IngressDefaults.AWS.scheme(), "nlb");
    // golden objects are ones the operator would write
    assertThat(GatewayLint.problems(app.getSpec())).as("lint of in-%s.yaml", name).isEmpty();
    assertThat(nlbPlan.problems()).as("nlbGateway lint of in-%s.yaml", name).isEmpty();
    assertThat(gatewayPlan.wanted() || nlbPlan.wanted()).as("in-%s.yaml has a gateway section", name).isTrue();
    assertThat(!gatewayPlan.wanted() || gatewayPlan.writable(plan)).isTrue();
    assertThat(!nlbPlan.wanted() || nlbPlan.writable(plan)).isTrue();

    List<HasMetadata> objects = new ArrayList<>();
    if (gatewayPlan.wanted()) {
      objects.add(DesiredHttpRoute.of(app, plan));
    }
    objects.add(DesiredTargetGroupConfiguration.of(app, plan, nlbPlan, TargetGroupConfigurationV1.class));
    if (gatewayPlan.wanted() && gatewayPlan.ownGateway()) {
      objects.add(DesiredGateway.of(app, gatewayPlan));
      objects.add(DesiredLoadBalancerConfiguration.of(app, gatewayPlan, LoadBalancerConfigurationV1.class));
    }
    for (NlbGatewayPlan.PlannedRoute route : nlbPlan.routes()) {
      objects.add(DesiredL4Route.of(app, plan, route, route.kind().type("v1")));
    }
    if (nlbPlan.ownGateway()) {
      objects.add(DesiredNlbGateway.of(app, nlbPlan));
      objects.add(DesiredNlbLoadBalancerConfiguration.of(app, nlbPlan, LoadBalancerConfigurationV1.class));
    }
    String actual = String.join("", objects.stream().map(Serialization::asYaml).toList());

    GoldenFiles.assertMatches(DIR.resolve("out-" + name + ".yaml"), actual);
    assertThat(actual).as("no empty lists or maps").doesNotContain("[]", "{}");
  }

  @Test
  void theOlderLbcVersionGetsTheSameObjectUnderItsApiVersion() throws IOException {
    ExposedApp app = read("own-alb");
    ExposurePlan plan = plan(app);
    GatewayPlan gatewayPlan = GatewayPlan.of(app, new ServedGatewayApis(true, Optional.of(LbcApi.V1BETA1)),
        IngressDefaults.AWS, "alb");

    NlbGatewayPlan none = NlbGatewayPlan.of(app, SERVED, ServedL4Routes.NONE, IngressDefaults.AWS.scheme(), "nlb");
    TargetGroupConfigurationV1beta1 older = DesiredTargetGroupConfiguration.of(app, plan, none,
        TargetGroupConfigurationV1beta1.class);
    LoadBalancerConfigurationV1beta1 olderLb = DesiredLoadBalancerConfiguration.of(app, gatewayPlan,
        LoadBalancerConfigurationV1beta1.class);

    assertThat(older.getApiVersion()).isEqualTo("gateway.k8s.aws/v1beta1");
    assertThat(older.getSpec()).isEqualTo(DesiredTargetGroupConfiguration.of(app, plan, none,
        TargetGroupConfigurationV1.class).getSpec());
    assertThat(olderLb.getApiVersion()).isEqualTo("gateway.k8s.aws/v1beta1");
  }

  @Test
  void aRouteIsWrittenInTheVersionServedWithTheSameSpec() throws IOException {
    ExposedApp app = read("nlb-shared");
    ExposurePlan plan = plan(app);
    NlbGatewayPlan nlbPlan = NlbGatewayPlan.of(app, SERVED, ROUTES_V1, IngressDefaults.AWS.scheme(), "nlb");
    NlbGatewayPlan.PlannedRoute route = nlbPlan.routes(L4RouteKind.UDP).get(0);

    L4Route older = DesiredL4Route.of(app, plan, route, route.kind().type("v1alpha2"));

    assertThat(older.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1alpha2");
    assertThat(older.getKind()).isEqualTo("UDPRoute");
    assertThat(older.getSpec()).isEqualTo(DesiredL4Route.of(app, plan, route, route.kind().type("v1")).getSpec());
  }

  @Test
  void theDefaultRuleRoutesEverythingToTheFirstPortByServicePortNumber() throws IOException {
    ExposedApp app = read("own-minimal");

    var route = DesiredHttpRoute.of(app, plan(app));

    assertThat(route.getSpec().getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getMatches()).singleElement().satisfies(m -> {
        assertThat(m.getPath().getType()).isEqualTo("PathPrefix");
        assertThat(m.getPath().getValue()).isEqualTo("/");
      });
      assertThat(rule.getBackendRefs()).singleElement().satisfies(b -> {
        assertThat(b.getName()).isEqualTo("api");
        assertThat(b.getPort()).isEqualTo(80);
      });
    });
  }
}
