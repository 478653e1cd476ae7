package io.exposedapp.migration;

import static io.exposedapp.lbc.AnnotationFormats.parseList;
import static io.exposedapp.lbc.AnnotationFormats.parseMap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import io.exposedapp.ingress.AlbAnnotations;
import io.exposedapp.ingress.IngressLint;
import io.exposedapp.api.AlbScheme;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppSpec;
import io.exposedapp.api.ExternalTrafficPolicy;
import io.exposedapp.api.HealthCheck;
import io.exposedapp.api.IngressRule;
import io.exposedapp.api.IngressSpec;
import io.exposedapp.api.LoadBalancerSpec;
import io.exposedapp.api.TargetGroupBindingSpec;
import io.exposedapp.lbc.TargetGroupBinding;
import io.exposedapp.nlb.LoadBalancerLint;
import io.exposedapp.api.PortSpec;
import io.exposedapp.api.Protocol;
import io.exposedapp.config.IngressDefaults;
import io.exposedapp.plan.SpecValidation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Turns hand-written NodePort Services and their ALB Ingresses into ExposedApps with {@code spec.adopt: true} whose
 * spec reproduces them, so that adopting them moves no nodePort and changes no annotation. A pure function of the
 * objects: what cannot be expressed is a {@link Note}, and the object is left out or imported without that part.
 *
 * <p>An Ingress is imported only when the operator would write exactly its {@code alb.ingress.kubernetes.io/*}
 * annotations again: the spec is rebuilt from them and {@link AlbAnnotations} renders it back for the comparison.
 */
public final class Importer {

  /**
   * Something the import says about an object.
   *
   * @param object e.g. {@code Service shop/web}
   * @param leftOut the object, or a part of it, is not in the output
   */
  public record Note(String object, String message, boolean leftOut) {

    public String text() {
      return object + ": " + message;
    }
  }

  /** The ExposedApps, in namespace and name order, and the notes, in input order. */
  public record Result(List<ExposedApp> apps, List<Note> notes) {

    /** Everything was imported whole (notes may still say what was renamed). */
    public boolean complete() {
      return notes.stream().noneMatch(Note::leftOut);
    }
  }

  /** kubectl's copy of the last applied object: the next {@code kubectl apply} would fight the operator over it. */
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  static final String ALB_CLASS = "alb";
  /** What the AWS Load Balancer Controller assumes for an annotation that is absent. */
  private static final Map<String, String> CONTROLLER_DEFAULTS = Map.of(
      AlbAnnotations.TARGET_TYPE, AlbAnnotations.INSTANCE,
      AlbAnnotations.SCHEME, AlbScheme.INTERNAL.value());
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final List<Note> notes = new ArrayList<>();
  /** Whether each app's ingress section is moved to a gateway section as well ({@code import --gateway}). */
  private final boolean gateways;
  /** Where the Gateways of IngressGroups live; null for each app's namespace. */
  private final String sharedGatewayNamespace;

  private Importer(boolean gateways, String sharedGatewayNamespace) {
    this.gateways = gateways;
    this.sharedGatewayNamespace = sharedGatewayNamespace;
  }

  public static Result importFrom(Collection<? extends HasMetadata> objects) {
    return new Importer(false, null).run(objects);
  }

  /**
   * As {@link #importFrom}, and every app with an ingress section, hand-written Ingresses and ExposedApps of the
   * input alike, gets the {@code spec.gateway} section that routes the same way ({@link GatewayMigration}), next to
   * its ingress for the cut-over.
   *
   * @param sharedGatewayNamespace where the Gateways that replace IngressGroups live; null for each app's namespace
   */
  public static Result importWithGateways(Collection<? extends HasMetadata> objects, String sharedGatewayNamespace) {
    return new Importer(true, sharedGatewayNamespace).run(objects);
  }

  private Result run(Collection<? extends HasMetadata> objects) {
    Comparator<HasMetadata> byName = Comparator.comparing((HasMetadata o) -> namespace(o))
        .thenComparing(o -> o.getMetadata().getName());
    List<Service> services = new ArrayList<>();
    List<Ingress> ingresses = new ArrayList<>();
    List<ExposedApp> exposedApps = new ArrayList<>();
    List<TargetGroupBinding> bindings = new ArrayList<>();
    for (HasMetadata object : objects) {
      if (object instanceof Service service) {
        services.add(service);
      } else if (object instanceof Ingress ingress) {
        ingresses.add(ingress);
      } else if (object instanceof TargetGroupBinding binding) {
        bindings.add(binding);
      } else if (object instanceof ExposedApp app && gateways) {
        exposedApps.add(app);
      } else {
        note(object, "not a Service, an Ingress or a TargetGroupBinding" + (gateways ? " or an ExposedApp" : "")
            + "; left out", true);
      }
    }
    services.sort(byName);
    ingresses.sort(byName);

    Map<String, ExposedApp> appsByService = new LinkedHashMap<>();
    for (Service service : services) {
      importService(service).ifPresent(app -> appsByService.put(key(service), app));
    }
    bindings.sort(byName);
    for (TargetGroupBinding binding : bindings) {
      importBinding(binding, appsByService);
    }
    Set<String> withIngress = new java.util.HashSet<>();
    for (Ingress ingress : ingresses) {
      importIngress(ingress, appsByService, withIngress);
    }
    List<ExposedApp> apps = new ArrayList<>(appsByService.values());
    if (gateways) {
      apps = new ArrayList<>(apps.stream().map(this::withGateway).toList());
      exposedApps.stream().map(this::existingAppWithGateway).flatMap(Optional::stream).forEach(apps::add);
    }
    apps.sort(byName);
    return new Result(apps, List.copyOf(notes));
  }

  // ---- Services --------------------------------------------------------------------------------------------------

  private Optional<ExposedApp> importService(Service service) {
    String type = service.getSpec() == null ? null : service.getSpec().getType();
    if (!"NodePort".equals(type) && !"LoadBalancer".equals(type)) {
      return leftOut(service, "type " + (type == null ? "ClusterIP" : type) + "; only NodePort Services and the AWS "
          + "Load Balancer Controller's NLB Services are imported (an ExposedApp makes one of those)");
    }
    Optional<OwnerReference> controller = controller(service);
    if (controller.isPresent()) {
      return leftOut(service, "controlled by " + controller.get().getKind() + " " + controller.get().getName()
          + "; left out: an ExposedApp adopts only what no controller owns");
    }
    Map<String, String> selector = service.getSpec().getSelector();
    if (selector == null || selector.isEmpty()) {
      return leftOut(service, "no selector (its endpoints are kept by hand); left out: an ExposedApp selects pods");
    }
    List<ServicePort> servicePorts = service.getSpec().getPorts();
    if (servicePorts.isEmpty() || servicePorts.size() > ExposedAppSpec.MAX_PORTS) {
      return leftOut(service, servicePorts.size() + " ports; left out: an ExposedApp has 1 to "
          + ExposedAppSpec.MAX_PORTS);
    }
    List<PortSpec> ports = new ArrayList<>();
    for (ServicePort port : servicePorts) {
      Protocol protocol = Protocol.valueOf(port.getProtocol() == null ? "TCP" : port.getProtocol());
      String name = port.getName();
      if (name == null || name.isEmpty()) {
        name = protocol.name().toLowerCase(java.util.Locale.ROOT) + "-" + port.getPort();
        note(service, "port " + port.getPort() + "/" + protocol + " has no name; named " + name
            + " (every ExposedApp port has one; adopting adds the name, the nodePort stays)", false);
      }
      ports.add(new PortSpec(name, port.getPort(), port.getTargetPort(), protocol, port.getNodePort()));
    }
    Map<String, String> annotations = new TreeMap<>(service.getMetadata().getAnnotations() == null ? Map.of()
        : service.getMetadata().getAnnotations());
    annotations.remove(LAST_APPLIED);
    LoadBalancerSpec loadBalancer = null;
    if ("LoadBalancer".equals(type)) {
      NlbImport.Outcome outcome = NlbImport.loadBalancer(service, annotations);
      if (outcome instanceof NlbImport.Outcome.Refused refused) {
        return leftOut(service, refused.reason() + "; left out");
      }
      loadBalancer = ((NlbImport.Outcome.Section) outcome).loadBalancer();
    }
    String policy = service.getSpec().getExternalTrafficPolicy();
    ExposedAppSpec spec = new ExposedAppSpec(new TreeMap<>(selector), null, ports,
        policy == null || policy.isEmpty() ? null : ExternalTrafficPolicy.valueOf(policy),
        annotations.isEmpty() ? null : annotations, null, null, loadBalancer, null, null, true, null);
    List<String> problems = new ArrayList<>(SpecValidation.problems(spec));
    problems.addAll(LoadBalancerLint.problems(spec, AlbScheme.INTERNAL));
    if (!problems.isEmpty()) {
      return leftOut(service, String.join("; ", problems) + "; left out");
    }
    return Optional.of(app(namespace(service), service.getMetadata().getName(), spec));
  }

  // ---- TargetGroupBindings --------------------------------------------------------------------------------------

  /** A binding of an imported Service's port becomes an entry of its app, named as it is (adopted in place). */
  private void importBinding(TargetGroupBinding binding, Map<String, ExposedApp> appsByService) {
    Optional<OwnerReference> controller = controller(binding);
    if (controller.isPresent()) {
      leftOut(binding, "controlled by " + controller.get().getKind() + " " + controller.get().getName()
          + "; left out: an ExposedApp adopts only what no controller owns");
      return;
    }
    if (binding.getSpec() == null || binding.getSpec().serviceRef() == null) {
      leftOut(binding, "no spec.serviceRef; left out");
      return;
    }
    ExposedApp app = appsByService.get(namespace(binding) + "/" + binding.getSpec().serviceRef().name());
    if (app == null) {
      leftOut(binding, "its Service " + binding.getSpec().serviceRef().name() + " is not imported; left out");
      return;
    }
    Optional<String> problem = NlbImport.bindingProblem(binding, app.getSpec().ports());
    if (problem.isPresent()) {
      leftOut(binding, problem.get() + "; left out");
      return;
    }
    TargetGroupBindingSpec entry = NlbImport.binding(binding, app.getSpec().ports());
    if (app.getSpec().bindings().stream().anyMatch(b -> b.port().equals(entry.port()))) {
      leftOut(binding, "a second binding of port " + entry.port() + "; left out: an ExposedApp binds a port once");
      return;
    }
    List<TargetGroupBindingSpec> entries = new ArrayList<>(app.getSpec().bindings());
    entries.add(entry);
    app.setSpec(app.getSpec().withTargetGroupBindings(entries));
  }

  // ---- Ingresses -------------------------------------------------------------------------------------------------

  private void importIngress(Ingress ingress, Map<String, ExposedApp> appsByService, Set<String> withIngress) {
    Map<String, String> annotations = ingress.getMetadata().getAnnotations() == null ? Map.of()
        : ingress.getMetadata().getAnnotations();
    String className = ingress.getSpec() != null && ingress.getSpec().getIngressClassName() != null
        ? ingress.getSpec().getIngressClassName() : annotations.get(AlbAnnotations.INGRESS_CLASS);
    if (!ALB_CLASS.equals(className)) {
      note(ingress, "class " + className + ", not " + ALB_CLASS + "; left out", true);
      return;
    }
    Optional<OwnerReference> controller = controller(ingress);
    if (controller.isPresent()) {
      note(ingress, "controlled by " + controller.get().getKind() + " " + controller.get().getName()
          + "; left out: an ExposedApp adopts only what no controller owns", true);
      return;
    }
    String targetType = annotations.getOrDefault(AlbAnnotations.TARGET_TYPE, AlbAnnotations.INSTANCE);
    Set<String> backends = new LinkedHashSet<>();
    boolean resourceBackend = false;
    if (ingress.getSpec().getDefaultBackend() != null) {
      note(ingress, "has a defaultBackend, which an ExposedApp's Ingress does not write; left out", true);
      return;
    }
    for (var rule : ingress.getSpec().getRules()) {
      for (HTTPIngressPath path : rule.getHttp() == null ? List.<HTTPIngressPath>of() : rule.getHttp().getPaths()) {
        if (path.getBackend() == null || path.getBackend().getService() == null) {
          resourceBackend = true;
        } else {
          backends.add(path.getBackend().getService().getName());
        }
      }
    }
    String namespace = namespace(ingress);
    if (resourceBackend || backends.isEmpty()) {
      note(ingress, "routes to no Service or to a resource backend; left out", true);
      return;
    }
    if (backends.size() > 1) {
      note(ingress, "routes to several Services (" + String.join(", ", backends) + "); left out: an ExposedApp's "
          + "Ingress routes to its own Service only, so those Services are imported without it", true);
      return;
    }
    String serviceName = backends.iterator().next();
    String service = "Service " + namespace + "/" + serviceName;
    if (!AlbAnnotations.INSTANCE.equals(targetType)) {
      note(ingress, "target-type " + targetType + " (the ALB sends traffic to pod IPs); left out: an ExposedApp's "
          + "Ingress is in instance mode (ALB -> nodePort)" + (appsByService.containsKey(namespace + "/" + serviceName)
          ? ", so " + service + " is imported without it" : ""), true);
      return;
    }
    ExposedApp app = appsByService.get(namespace + "/" + serviceName);
    if (app == null) {
      note(ingress, "routes to " + service + ", which is not imported; left out", true);
      return;
    }
    if (!withIngress.add(namespace + "/" + serviceName)) {
      note(ingress, service + " is imported with another Ingress already (an ExposedApp has one); left out", true);
      return;
    }
    String appName = ingress.getMetadata().getName();
    if (!appName.equals(serviceName) && appsByService.containsKey(namespace + "/" + appName)) {
      note(ingress, "its name is the name of the ExposedApp imported for Service " + namespace + "/" + appName
          + " (an ExposedApp and its Ingress share a name); left out", true);
      return;
    }
    Optional<IngressSpec> spec = ingressSpec(ingress, annotations, app.getSpec());
    if (spec.isEmpty()) {
      return;
    }
    if (annotations.containsKey(AlbAnnotations.INGRESS_CLASS) && ingress.getSpec().getIngressClassName() == null) {
      note(ingress, "uses the legacy annotation " + AlbAnnotations.INGRESS_CLASS + "; adopting sets "
          + "spec.ingressClassName: alb as well (allowed on an existing Ingress) and leaves the annotation", false);
    }
    ExposedAppSpec withIngressSpec = app.getSpec().withIngress(spec.get());
    appsByService.put(namespace + "/" + serviceName, app(namespace, appName, new ExposedAppSpec(
        withIngressSpec.selector(), appName.equals(serviceName) ? null : serviceName, withIngressSpec.ports(),
        withIngressSpec.externalTrafficPolicy(), withIngressSpec.serviceAnnotations(), withIngressSpec.ingress(),
        true, null)));
  }

  /** The ingress section that writes these annotations and rules again, or empty (with a note) when none can. */
  private Optional<IngressSpec> ingressSpec(Ingress ingress, Map<String, String> annotations, ExposedAppSpec app) {
    Map<String, String> rest = new TreeMap<>(annotations);
    rest.remove(LAST_APPLIED);
    rest.remove(AlbAnnotations.INGRESS_CLASS);
    rest.remove(AlbAnnotations.TARGET_TYPE);
    rest.remove(AlbAnnotations.LISTEN_PORTS);
    List<String> unreadable = new ArrayList<>();
    String scheme = rest.remove(AlbAnnotations.SCHEME);
    AlbScheme albScheme = scheme == null ? AlbScheme.INTERNAL
        : java.util.Arrays.stream(AlbScheme.values()).filter(s -> s.value().equals(scheme)).findFirst().orElse(null);
    if (albScheme == null) {
      unreadable.add(AlbAnnotations.SCHEME + "=" + scheme);
    }
    String redirect = rest.remove(AlbAnnotations.SSL_REDIRECT);
    HealthCheck healthCheck = new HealthCheck(rest.remove(AlbAnnotations.HEALTHCHECK_PATH),
        rest.remove(AlbAnnotations.HEALTHCHECK_PORT),
        healthCheckProtocol(rest.remove(AlbAnnotations.HEALTHCHECK_PROTOCOL), unreadable),
        integer(AlbAnnotations.HEALTHCHECK_INTERVAL_SECONDS, rest, unreadable),
        integer(AlbAnnotations.HEALTHCHECK_TIMEOUT_SECONDS, rest, unreadable),
        integer(AlbAnnotations.HEALTHY_THRESHOLD_COUNT, rest, unreadable),
        integer(AlbAnnotations.UNHEALTHY_THRESHOLD_COUNT, rest, unreadable),
        rest.remove(AlbAnnotations.SUCCESS_CODES));
    boolean noHealthCheck = healthCheck.equals(new HealthCheck(null, null, null, null, null, null, null, null));
    List<IngressRule> rules = rules(ingress, app, unreadable);
    IngressSpec spec = new IngressSpec(null, ALB_CLASS, albScheme, rules,
        rest.remove(AlbAnnotations.GROUP_NAME), integer(AlbAnnotations.GROUP_ORDER, rest, unreadable),
        parseList(rest.remove(AlbAnnotations.CERTIFICATE_ARN)), redirect == null ? null : Boolean.TRUE,
        noHealthCheck ? null : healthCheck, parseList(rest.remove(AlbAnnotations.INBOUND_CIDRS)),
        parseList(rest.remove(AlbAnnotations.SUBNETS)), parseList(rest.remove(AlbAnnotations.SECURITY_GROUPS)),
        parseMap(rest.remove(AlbAnnotations.TAGS)), rest.remove(AlbAnnotations.LOAD_BALANCER_NAME),
        rest.isEmpty() ? null : rest);
    if (!unreadable.isEmpty()) {
      note(ingress, "cannot read " + String.join(", ", unreadable) + "; left out", true);
      return Optional.empty();
    }
    List<String> differences = differences(annotations, AlbAnnotations.of(spec, IngressDefaults.AWS));
    if (!differences.isEmpty()) {
      note(ingress, "an ExposedApp would write " + String.join("; ", differences) + "; left out", true);
      return Optional.empty();
    }
    List<String> lint = IngressLint.problems(app.withIngress(spec));
    if (!lint.isEmpty()) {
      note(ingress, String.join("; ", lint) + "; left out", true);
      return Optional.empty();
    }
    return Optional.of(spec);
  }

  // ---- gateway sections -------------------------------------------------------------------------------------------

  /**
   * An ExposedApp of the input, as it is with a gateway section from its ingress section and an nlbGateway section
   * from its loadBalancer section.
   */
  private Optional<ExposedApp> existingAppWithGateway(ExposedApp app) {
    ExposedAppSpec spec = app.getSpec();
    boolean alb = spec != null && spec.ingress() != null && spec.gateway() == null;
    boolean nlb = spec != null && spec.loadBalancer() != null && spec.nlbGateway() == null;
    if (!alb && !nlb) {
      return leftOut(app, "has no spec.ingress to move to spec.gateway (or has a spec.gateway already), nor a "
          + "spec.loadBalancer to move to spec.nlbGateway (or has a spec.nlbGateway already); left out");
    }
    return Optional.of(withGateway(app(namespace(app), app.getMetadata().getName(), spec)));
  }

  /**
   * The app with a gateway section next to its ingress section and an nlbGateway section next to its loadBalancer
   * section; what has neither (or has the new one already) as it is.
   */
  private ExposedApp withGateway(ExposedApp app) {
    ExposedApp withNlb = withNlbGateway(app);
    if (withNlb.getSpec().ingress() == null || withNlb.getSpec().gateway() != null) {
      return withNlb;
    }
    return withAlbGateway(withNlb);
  }

  private ExposedApp withNlbGateway(ExposedApp app) {
    if (app.getSpec().loadBalancer() == null || app.getSpec().nlbGateway() != null) {
      return app;
    }
    NlbGatewayMigration.Result migrated = NlbGatewayMigration.of(app.getSpec());
    migrated.notCarried().forEach(message -> note(app, message, true));
    if (migrated.nlbGateway().isEmpty()) {
      note(app, "spec.nlbGateway left out (the reason is above); imported with spec.loadBalancer only", true);
      return app;
    }
    return app(namespace(app), app.getMetadata().getName(), app.getSpec().withNlbGateway(
        migrated.nlbGateway().get()));
  }

  private ExposedApp withAlbGateway(ExposedApp app) {
    GatewayMigration.Result migrated = GatewayMigration.of(app.getSpec(), sharedGatewayNamespace);
    migrated.notCarried().forEach(message -> note(app, message, true));
    if (migrated.gateway().isEmpty()) {
      note(app, "spec.gateway left out (the reason is above); imported with spec.ingress only", true);
      return app;
    }
    return app(namespace(app), app.getMetadata().getName(), app.getSpec().withGateway(migrated.gateway().get()));
  }

  /** Host and path to a port name; a backend port given by number is named after the Service port it is. */
  private static List<IngressRule> rules(Ingress ingress, ExposedAppSpec app, List<String> unreadable) {
    List<IngressRule> rules = new ArrayList<>();
    for (var rule : ingress.getSpec().getRules()) {
      for (HTTPIngressPath path : rule.getHttp().getPaths()) {
        IngressBackend backend = path.getBackend();
        var port = backend.getService().getPort();
        Optional<String> name = port == null ? Optional.empty() : port.getName() != null
            ? app.ports().stream().map(PortSpec::name).filter(port.getName()::equals).findFirst()
            : app.ports().stream().filter(p -> port.getNumber() != null && p.port() == port.getNumber())
                .map(PortSpec::name).findFirst();
        if (name.isEmpty()) {
          unreadable.add("the backend port of path " + path.getPath() + " (no such Service port)");
          continue;
        }
        rules.add(new IngressRule(rule.getHost(), path.getPath(),
            path.getPathType() == null ? null : IngressRule.PathType.valueOf(path.getPathType()), name.get()));
      }
    }
    return rules;
  }

  /**
   * The annotations whose values an ExposedApp would change: {@code key: was -> would be}. An annotation the
   * original does not have is no change when the operator writes the controller's own default for it.
   */
  static List<String> differences(Map<String, String> original, SortedMap<String, String> rendered) {
    Map<String, String> expected = new HashMap<>(CONTROLLER_DEFAULTS);
    expected.put(AlbAnnotations.LISTEN_PORTS, original.containsKey(AlbAnnotations.CERTIFICATE_ARN)
        ? "[{\"HTTPS\": 443}]" : "[{\"HTTP\": 80}]");
    List<String> differences = new ArrayList<>();
    Set<String> keys = new java.util.TreeSet<>(rendered.keySet());
    original.keySet().stream().filter(k -> k.startsWith(AlbAnnotations.PREFIX)).forEach(keys::add);
    for (String key : keys) {
      String was = original.get(key);
      String would = rendered.get(key);
      String effective = was != null ? was : expected.get(key);
      if (!sameValue(key, effective, would)) {
        differences.add(key + ": " + (was == null ? "(absent)" : was) + " -> " + (would == null ? "(absent)" : would));
      }
    }
    return differences;
  }

  /** The controller's stringList annotations: {@code a,b}, spaces around the commas not significant. */
  private static final Set<String> LISTS = Set.of(AlbAnnotations.CERTIFICATE_ARN, AlbAnnotations.INBOUND_CIDRS,
      AlbAnnotations.SUBNETS, AlbAnnotations.SECURITY_GROUPS);

  /**
   * listen-ports is JSON, tags a map, and some a list: equal when they mean the same to the controller, whatever the
   * spacing (and, for tags, the order).
   */
  private static boolean sameValue(String key, String a, String b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (key.equals(AlbAnnotations.LISTEN_PORTS)) {
      try {
        return JSON.unmarshal(a, Object.class).equals(JSON.unmarshal(b, Object.class));
      } catch (RuntimeException e) {
        return false;
      }
    }
    if (key.equals(AlbAnnotations.TAGS)) {
      return parseMap(a).equals(parseMap(b));
    }
    if (LISTS.contains(key)) {
      return parseList(a).equals(parseList(b));
    }
    return a.equals(b);
  }

  // ---- values ----------------------------------------------------------------------------------------------------

  static Integer integer(String key, Map<String, String> annotations, List<String> unreadable) {
    String value = annotations.remove(key);
    try {
      return value == null ? null : Integer.valueOf(value.strip());
    } catch (NumberFormatException e) {
      unreadable.add(key + "=" + value);
      return null;
    }
  }

  private static HealthCheck.HealthCheckProtocol healthCheckProtocol(String value, List<String> unreadable) {
    try {
      return value == null ? null : HealthCheck.HealthCheckProtocol.valueOf(value);
    } catch (IllegalArgumentException e) {
      unreadable.add(AlbAnnotations.HEALTHCHECK_PROTOCOL + "=" + value);
      return null;
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  private static ExposedApp app(String namespace, String name, ExposedAppSpec spec) {
    ExposedApp app = new ExposedApp(spec);
    app.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    return app;
  }

  private static Optional<OwnerReference> controller(HasMetadata object) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    return owners == null ? Optional.empty()
        : owners.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
  }

  private <T> Optional<T> leftOut(HasMetadata object, String message) {
    note(object, message, true);
    return Optional.empty();
  }

  private void note(HasMetadata object, String message, boolean leftOut) {
    notes.add(new Note(object.getKind() + " " + namespace(object) + "/" + object.getMetadata().getName(), message,
        leftOut));
  }

  private static String key(Service service) {
    return namespace(service) + "/" + service.getMetadata().getName();
  }

  private static String namespace(HasMetadata object) {
    return object.getMetadata().getNamespace() == null ? "default" : object.getMetadata().getNamespace();
  }
}
