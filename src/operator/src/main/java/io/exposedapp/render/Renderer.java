package io.exposedapp.render;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.exposedapp.allocation.Allocation;
import io.exposedapp.allocation.PortRange;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppStatus;
import io.exposedapp.api.NodePortStatus;
import io.exposedapp.config.IngressDefaults;
import io.exposedapp.gateway.DesiredGateway;
import io.exposedapp.gateway.DesiredHttpRoute;
import io.exposedapp.ingress.DesiredIngress;
import io.exposedapp.gateway.DesiredLoadBalancerConfiguration;
import io.exposedapp.service.DesiredService;
import io.exposedapp.gateway.DesiredTargetGroupConfiguration;
import io.exposedapp.targetgroupbinding.DesiredTargetGroupBinding;
import io.exposedapp.gateway.GatewayPlan;
import io.exposedapp.gateway.ServedGatewayApis;
import io.exposedapp.gateway.l4.DesiredL4Route;
import io.exposedapp.gateway.l4.DesiredNlbGateway;
import io.exposedapp.gateway.l4.DesiredNlbLoadBalancerConfiguration;
import io.exposedapp.gateway.l4.L4RouteKind;
import io.exposedapp.gateway.l4.NlbGatewayPlan;
import io.exposedapp.gateway.l4.ServedL4Routes;
import java.util.EnumMap;
import java.util.Map;
import io.exposedapp.lbc.LbcApi;
import io.exposedapp.plan.ClusterView;
import io.exposedapp.plan.ExposurePlan;
import io.exposedapp.plan.NodePortPlanner;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * What the operator would write for ExposedApps, computed offline with the operator's own code: the same validation
 * and ingress lint, the same planner and allocator (against the Services given as already existing, then against
 * what earlier documents were given), the same desired-state functions.
 */
public final class Renderer {

  /** One YAML document of the input, with where it came from. */
  public record Document(String source, int index, JsonNode content) {

    public String where() {
      return source + ", document " + index;
    }
  }

  /**
   * The objects an ExposedApp renders to: the Service, then the Ingress when wanted, then the Gateway API objects when
   * wanted (HTTPRoute, TargetGroupConfiguration, for an own ALB the Gateway and LoadBalancerConfiguration, the layer-4
   * routes, and for an own NLB its Gateway and LoadBalancerConfiguration), then the TargetGroupBindings.
   */
  public record Rendered(Document document, ExposedApp app, List<HasMetadata> objects) {
  }

  /** A document that cannot be rendered, and why (the message names the file, the document and the fields). */
  public record Rejected(Document document, String message) {
  }

  public record Result(List<Rendered> rendered, List<Rejected> rejected) {
  }

  private final IngressDefaults ingressDefaults;
  private final NodePortPlanner planner;
  private final List<Service> services;
  private final List<Ingress> ingresses;
  private final List<ExposedApp> apps = new ArrayList<>();
  private final RenderInputs.PoolInputs pools;
  private String gatewayClass = "alb";
  private ServedGatewayApis gatewayApis = new ServedGatewayApis(true, java.util.Optional.of(LbcApi.V1));
  private String nlbGatewayClass = "nlb";
  private ServedL4Routes routeApis = routesIn("v1");

  /**
   * @param existing Services already in the cluster (e.g. {@code kubectl get svc -A -o yaml}); their nodePorts are
   *        taken
   * @param existingIngresses Ingresses already in the cluster: an app may not write one of another's name
   */
  public Renderer(PortRange range, IngressDefaults ingressDefaults, List<Service> existing,
      List<Ingress> existingIngresses) {
    this(range, ingressDefaults, existing, existingIngresses, RenderInputs.PoolInputs.NONE);
  }

  /**
   * @param pools the NodePortPools apps draw from, and the namespaces' labels they select by
   */
  public Renderer(PortRange range, IngressDefaults ingressDefaults, List<Service> existing,
      List<Ingress> existingIngresses, RenderInputs.PoolInputs pools) {
    this.pools = pools;
    this.ingressDefaults = ingressDefaults;
    this.planner = new NodePortPlanner(range, Clock.systemUTC(), ingressDefaults.scheme());
    this.services = new ArrayList<>(existing);
    this.ingresses = List.copyOf(existingIngresses);
  }

  /**
   * The defaults of {@code spec.gateway}, as the operator's are: the GatewayClass of an app's own Gateway, and the
   * version of {@code gateway.k8s.aws} the cluster serves (the operator finds it by discovery; render is told).
   */
  public Renderer withGatewayDefaults(String className, LbcApi lbcApi) {
    this.gatewayClass = className;
    this.gatewayApis = new ServedGatewayApis(true, java.util.Optional.of(lbcApi));
    return this;
  }

  /**
   * The defaults of {@code spec.nlbGateway}: the GatewayClass of an app's own NLB Gateway, and the version of the
   * layer-4 routes ({@code v1} or {@code v1alpha2}; the operator finds it by discovery, render is told).
   */
  public Renderer withNlbGatewayDefaults(String className, String routeVersion) {
    if (!L4RouteKind.VERSIONS.contains(routeVersion)) {
      throw new IllegalArgumentException("route version " + routeVersion + ": must be one of " + L4RouteKind.VERSIONS);
    }
    this.nlbGatewayClass = className;
    this.routeApis = routesIn(routeVersion);
    return this;
  }

  private static ServedL4Routes routesIn(String version) {
    Map<L4RouteKind, String> versions = new EnumMap<>(L4RouteKind.class);
    for (L4RouteKind kind : L4RouteKind.values()) {
      versions.put(kind, version);
    }
    return new ServedL4Routes(versions);
  }

  public Result render(List<Document> documents) {
    List<Rendered> rendered = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Document document : documents) {
      String problem = renderOne(document, rendered, seen);
      if (problem != null) {
        rejected.add(new Rejected(document, document.where() + ": " + problem));
      }
    }
    return new Result(rendered, rejected);
  }

  /** Renders one document; answers the problem, or null when it was rendered. */
  private String renderOne(Document document, List<Rendered> rendered, Set<String> seen) {
    JsonNode node = document.content();
    String kind = node.path("kind").asText("");
    String apiVersion = node.path("apiVersion").asText("");
    if (!kind.equals("ExposedApp") || !apiVersion.equals(ExposedApp.GROUP + "/" + ExposedApp.VERSION)) {
      return "not an ExposedApp (apiVersion \"" + apiVersion + "\", kind \"" + kind + "\"); render reads "
          + ExposedApp.GROUP + "/" + ExposedApp.VERSION + " ExposedApps only";
    }
    ExposedApp app;
    try {
      app = Serialization.unmarshal(node.toString(), ExposedApp.class);
    } catch (RuntimeException e) {
      return "cannot be read: " + e.getMessage();
    }
    if (app.getMetadata() == null || app.getMetadata().getName() == null || app.getMetadata().getName().isEmpty()) {
      return "metadata.name is required";
    }
    if (app.getMetadata().getNamespace() == null) {
      app.getMetadata().setNamespace("default");
    }
    String id = app.getMetadata().getNamespace() + "/" + app.getMetadata().getName();
    String what = "ExposedApp " + id;
    if (!seen.add(id)) {
      return what + " appears twice";
    }
    adoptUidOfDeployedApp(app);
    ExposurePlan plan = planner.plan(app, ClusterView.of(services, apps, ingresses)
        .withPools(pools.pools(), pools.namespaceLabels()));
    GatewayPlan gatewayPlan = GatewayPlan.of(app, gatewayApis, ingressDefaults, gatewayClass);
    NlbGatewayPlan nlbPlan = NlbGatewayPlan.of(app, gatewayApis, routeApis, ingressDefaults.scheme(),
        nlbGatewayClass);
    List<String> problems = new ArrayList<>(plan.specProblems());
    problems.addAll(plan.ingressProblems());
    gatewayPlan.problems().stream().filter(p -> !problems.contains(p)).forEach(problems::add);
    nlbPlan.problems().stream().filter(p -> !problems.contains(p)).forEach(problems::add);
    problems.addAll(plan.loadBalancerProblems());
    problems.addAll(plan.bindingProblems());
    plan.serviceNameTakenBy().ifPresent(taken -> problems.add("spec.serviceName: "
        + taken.describe("Set spec.serviceName to another name")));
    plan.ingressNameTakenBy().ifPresent(taken -> problems.add("spec.ingress: "
        + taken.describe("Rename the ExposedApp (the Ingress has its name) or remove spec.ingress")));
    for (ExposurePlan.PlannedPort p : plan.ports()) {
      String field = "spec.ports[" + app.getSpec().ports().indexOf(p.spec()) + "]";
      Allocation a = p.allocation();
      if (a instanceof Allocation.Conflict c) {
        problems.add(field + ".nodePort " + c.nodePort() + " is already used by " + c.holder());
      } else if (a instanceof Allocation.OutOfRange o) {
        // render has no operator: its range is the --node-port-range option
        problems.add(field + ".nodePort " + o.nodePort() + " is outside " + (o.source().isOperatorRange()
            ? "the range " + o.source() : o.source().describe()));
      } else if (a instanceof Allocation.NoPool n) {
        problems.add(field + ": no nodePort (" + n.refusal().reason() + "): " + n.refusal().message());
      } else if (a instanceof Allocation.Exhausted e) {
        problems.add(field + ": no free nodePort left in " + e.source());
      } else if (a instanceof Allocation.QuotaExceeded q) {
        problems.add(field + ": a new nodePort would exceed " + q.band().name() + "'s limit of "
            + q.band().limit() + " per namespace (the namespace holds " + q.band().held() + ")");
      }
    }
    plan.healthCheckNodePort().filter(a -> !(a instanceof Allocation.Assigned)).ifPresent(a -> problems.add(
        "spec.externalTrafficPolicy: Local needs a health check nodePort for the NLB, and none is free (" + a + ")"));
    if (!problems.isEmpty()) {
      return what + ": " + String.join("; ", problems);
    }
    List<HasMetadata> objects = new ArrayList<>();
    Service service = withoutUnknownOwner(app, DesiredService.of(app, plan, ingressDefaults.scheme()));
    objects.add(service);
    if (app.getSpec().wantsIngress()) {
      objects.add(withoutUnknownOwner(app, DesiredIngress.of(app, plan, ingressDefaults)));
    }
    LbcApi lbc = gatewayApis.lbc().orElseThrow();
    if (gatewayPlan.wanted()) {
      objects.add(withoutUnknownOwner(app, DesiredHttpRoute.of(app, plan)));
    }
    if (gatewayPlan.wanted() || nlbPlan.wanted()) {
      objects.add(withoutUnknownOwner(app, DesiredTargetGroupConfiguration.of(app, plan, nlbPlan,
          lbc.targetGroupConfiguration())));
    }
    if (gatewayPlan.wanted() && gatewayPlan.ownGateway()) {
      objects.add(withoutUnknownOwner(app, DesiredGateway.of(app, gatewayPlan)));
      objects.add(withoutUnknownOwner(app, DesiredLoadBalancerConfiguration.of(app, gatewayPlan,
          lbc.loadBalancerConfiguration())));
    }
    for (NlbGatewayPlan.PlannedRoute route : nlbPlan.routes()) {
      objects.add(withoutUnknownOwner(app, DesiredL4Route.of(app, plan, route,
          route.kind().type(routeApis.version(route.kind()).orElseThrow()))));
    }
    if (nlbPlan.wanted() && nlbPlan.ownGateway()) {
      objects.add(withoutUnknownOwner(app, DesiredNlbGateway.of(app, nlbPlan)));
      objects.add(withoutUnknownOwner(app, DesiredNlbLoadBalancerConfiguration.of(app, nlbPlan,
          lbc.loadBalancerConfiguration())));
    }
    DesiredTargetGroupBinding.of(app, plan).values().forEach(b -> objects.add(withoutUnknownOwner(app, b)));
    // later documents see these ports as taken, as the operator's ledger would
    services.add(service);
    app.setStatus(new ExposedAppStatus(null, plan.serviceName(), plan.ports().stream()
        .map(p -> new NodePortStatus(p.spec().name(), p.spec().port(), p.spec().effectiveProtocol(),
            p.nodePort().orElseThrow()))
        .toList(), null, plan.assignedHealthCheckNodePort().orElse(null), null, null, null));
    apps.add(app);
    rendered.add(new Rendered(document, app, objects));
    return null;
  }

  /**
   * An app that is already deployed (its Service is among the existing ones, controlled by an ExposedApp of the same
   * name) is rendered as the operator would reconcile it: its Service is its own and its nodePorts are kept.
   */
  private void adoptUidOfDeployedApp(ExposedApp app) {
    if (app.getMetadata().getUid() != null || app.getSpec() == null) {
      return;
    }
    String serviceName = app.getSpec().effectiveServiceName(app.getMetadata().getName());
    services.stream()
        .filter(s -> app.getMetadata().getNamespace().equals(s.getMetadata().getNamespace())
            && serviceName.equals(s.getMetadata().getName()))
        .flatMap(s -> s.getMetadata().getOwnerReferences().stream())
        .filter(r -> Boolean.TRUE.equals(r.getController()) && "ExposedApp".equals(r.getKind())
            && app.getMetadata().getName().equals(r.getName()))
        .findFirst()
        .ifPresent(r -> app.getMetadata().setUid(r.getUid()));
  }

  /**
   * The controller reference needs the ExposedApp's uid, which only exists once it is created; without one in the
   * input, the reference is left out (the operator writes it).
   */
  private static <T extends HasMetadata> T withoutUnknownOwner(ExposedApp app, T object) {
    if (app.getMetadata().getUid() == null) {
      object.getMetadata().setOwnerReferences(null);
    }
    return object;
  }
}
