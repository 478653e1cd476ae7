package io.exposedapp.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.exposedapp.allocation.PortRange;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.config.IngressDefaults;
import io.exposedapp.render.RenderInputs;
import io.exposedapp.render.Renderer;
import io.exposedapp.lbc.TargetGroupBinding;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The promise of {@code import}: for every imported app, {@code render} of it against the same input yields the
 * original Service and Ingress in every field the operator manages: the same nodePorts, the same annotations. Over every
 * golden input of import and over what the examples render to.
 */
class ImportRoundTripTest {

  /** Annotations the AWS Load Balancer Controller assumes when absent: writing them changes nothing. */
  private static final Map<String, String> CONTROLLER_DEFAULTS = Map.of(
      "alb.ingress.kubernetes.io/target-type", "instance",
      "alb.ingress.kubernetes.io/scheme", "internal");

  static Stream<String> inputs() throws IOException {
    List<String> inputs = new ArrayList<>();
    try (Stream<Path> files = Files.list(ImportCommandTest.GOLDEN)) {
      // in-gateway-apps holds ExposedApps only: there is no Service or Ingress to give back
      files.map(Path::getFileName).map(Path::toString).filter(f -> f.startsWith("in-"))
          .filter(f -> !f.equals("in-gateway-apps.yaml")).sorted().forEach(inputs::add);
    }
    // the example apps (examples/pools/ holds NodePortPools, not apps)
    try (Stream<Path> files = Files.list(Path.of("examples"))) {
      files.filter(Files::isRegularFile).map(Path::getFileName).map(Path::toString).sorted()
          .forEach(f -> inputs.add("examples/" + f));
    }
    return inputs.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void renderingTheImportedAppsGivesBackTheOriginalObjects(String input) throws IOException {
    List<HasMetadata> originals = input.startsWith("examples/") ? renderedExample(Path.of(input))
        : objects(ImportCommandTest.GOLDEN.resolve(input));

    Importer.Result imported = Importer.importFrom(originals);
    Renderer.Result rendered = render(imported.apps(), originals);

    assertThat(rendered.rejected()).isEmpty();
    assertThat(rendered.rendered()).hasSameSizeAs(imported.apps());
    if (!input.contains("not-importable")) {
      assertThat(imported.apps()).as("apps imported from %s", input).isNotEmpty();
    }
    // every Service, Ingress and TargetGroupBinding of the input comes back, but those named as left out
    java.util.Set<String> leftOut = imported.notes().stream().filter(Importer.Note::leftOut)
        .map(Importer.Note::object).collect(java.util.stream.Collectors.toSet());
    java.util.Set<String> back = rendered.rendered().stream().flatMap(app -> app.objects().stream())
        .map(ImportRoundTripTest::identity).collect(java.util.stream.Collectors.toSet());
    List<String> kept = originals.stream().filter(o -> java.util.Set.of("Service", "Ingress", "TargetGroupBinding")
        .contains(o.getKind())).map(ImportRoundTripTest::identity).filter(id -> !leftOut.contains(id)).toList();
    if (!input.contains("not-importable")) {
      assertThat(kept).as("objects of %s not left out", input).isNotEmpty();
    }
    assertThat(kept).as("originals of %s that are rendered back", input).allMatch(back::contains);
    for (Renderer.Rendered app : rendered.rendered()) {
      for (HasMetadata object : app.objects()) {
        HasMetadata original = originals.stream().filter(o -> o.getKind().equals(object.getKind())
            && namespace(o).equals(object.getMetadata().getNamespace())
            && o.getMetadata().getName().equals(object.getMetadata().getName())).findFirst().orElseThrow();
        if (object instanceof Service service) {
          assertSameManagedFields((Service) original, service);
        } else if (object instanceof TargetGroupBinding binding) {
          assertThat(binding.getSpec()).as("TargetGroupBinding " + binding.getMetadata().getName())
              .isEqualTo(((TargetGroupBinding) original).getSpec());
        } else {
          assertSameManagedFields((Ingress) original, (Ingress) object, originals);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void withGatewayTheImportDiffersOnlyByTheGatewaySections(String input) throws IOException {
    List<HasMetadata> originals = input.startsWith("examples/") ? renderedExample(Path.of(input))
        : objects(ImportCommandTest.GOLDEN.resolve(input));

    List<ExposedApp> plain = Importer.importFrom(originals).apps();
    List<ExposedApp> withGateways = Importer.importWithGateways(originals, "gateways").apps();

    assertThat(withGateways).hasSameSizeAs(plain);
    for (int i = 0; i < plain.size(); i++) {
      assertThat(withGateways.get(i).getMetadata()).isEqualTo(plain.get(i).getMetadata());
      assertThat(withGateways.get(i).getSpec().withGateway(null).withNlbGateway(null))
          .isEqualTo(plain.get(i).getSpec());
      if (plain.get(i).getSpec().ingress() == null) {
        assertThat(withGateways.get(i).getSpec().gateway()).as("an app without ingress").isNull();
      }
      if (plain.get(i).getSpec().loadBalancer() == null) {
        assertThat(withGateways.get(i).getSpec().nlbGateway()).as("an app without loadBalancer").isNull();
      }
    }
  }

  /** What the AWS Load Balancer Controller assumes for an NLB Service's annotations when they are absent. */
  private static final Map<String, String> NLB_CONTROLLER_DEFAULTS = Map.of(
      "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type", "instance",
      "service.beta.kubernetes.io/aws-load-balancer-scheme", "internal");

  private static String normalized(String value) {
    return value.replaceAll("\\s*,\\s*", ",").strip();
  }

  /** Comma-separated k=v maps compared as maps (the order of the pairs means nothing to the controller). */
  private static Map<String, Object> normalizedMaps(Map<String, String> annotations) {
    Map<String, Object> out = new java.util.TreeMap<>();
    annotations.forEach((k, v) -> out.put(k, v.contains("=") && !v.startsWith("{") && !v.startsWith("[")
        ? new java.util.TreeSet<>(List.of(v.split(","))) : v));
    return out;
  }

  private static void assertSameManagedFields(Service original, Service rendered) {
    String what = "Service " + rendered.getMetadata().getName();
    assertThat(rendered.getSpec().getType()).as(what).isEqualTo(original.getSpec().getType());
    assertThat(rendered.getSpec().getSelector()).as(what).isEqualTo(original.getSpec().getSelector());
    assertThat(rendered.getSpec().getExternalTrafficPolicy()).as(what)
        .isEqualTo(original.getSpec().getExternalTrafficPolicy());
    Map<String, String> annotations = new java.util.TreeMap<>(withoutLastApplied(
        original.getMetadata().getAnnotations()));
    if ("LoadBalancer".equals(original.getSpec().getType())) {
      // what the controller assumes when they are absent, which the operator writes
      NLB_CONTROLLER_DEFAULTS.forEach(annotations::putIfAbsent);
      assertThat(rendered.getSpec().getLoadBalancerClass()).as(what).isEqualTo(original.getSpec()
          .getLoadBalancerClass());
      assertThat(rendered.getSpec().getLoadBalancerSourceRanges()).as(what)
          .isEqualTo(original.getSpec().getLoadBalancerSourceRanges());
      // the controller splits lists and maps at commas and trims: the operator writes them without spaces
      annotations.replaceAll((k, v) -> k.startsWith("service.beta.kubernetes.io/") ? normalized(v) : v);
      // and reads the health check's protocol in any case
      annotations.computeIfPresent("service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol",
          (k, v) -> v.toUpperCase(java.util.Locale.ROOT));
    }
    assertThat(normalizedMaps(rendered.getMetadata().getAnnotations())).as(what + " annotations")
        .isEqualTo(normalizedMaps(annotations));
    assertThat(rendered.getSpec().getPorts()).as(what + " ports").hasSameSizeAs(original.getSpec().getPorts());
    for (int i = 0; i < original.getSpec().getPorts().size(); i++) {
      ServicePort was = original.getSpec().getPorts().get(i);
      ServicePort is = rendered.getSpec().getPorts().get(i);
      if (was.getName() != null) {
        assertThat(is.getName()).isEqualTo(was.getName());
      }
      assertThat(is.getPort()).isEqualTo(was.getPort());
      assertThat(is.getTargetPort()).isEqualTo(was.getTargetPort() != null ? was.getTargetPort()
          : new io.fabric8.kubernetes.api.model.IntOrString(was.getPort()));
      assertThat(is.getProtocol()).isEqualTo(Objects.requireNonNullElse(was.getProtocol(), "TCP"));
      assertThat(is.getNodePort()).as(what + " port " + is.getName() + " nodePort").isEqualTo(was.getNodePort());
    }
  }

  private static void assertSameManagedFields(Ingress original, Ingress rendered, List<HasMetadata> originals) {
    String what = "Ingress " + rendered.getMetadata().getName();
    Map<String, String> was = withoutLastApplied(original.getMetadata().getAnnotations());
    String originalClass = original.getSpec().getIngressClassName() != null
        ? original.getSpec().getIngressClassName() : was.remove("kubernetes.io/ingress.class");
    assertThat(rendered.getSpec().getIngressClassName()).as(what).isEqualTo(originalClass);
    Service service = (Service) originals.stream().filter(o -> o instanceof Service && namespace(o).equals(
        namespace(rendered)) && o.getMetadata().getName().equals(rendered.getSpec().getRules().get(0).getHttp()
        .getPaths().get(0).getBackend().getService().getName())).findFirst().orElseThrow();
    assertThat(paths(rendered, service)).as(what + " rules").isEqualTo(paths(original, service));

    Map<String, String> is = rendered.getMetadata().getAnnotations();
    Map<String, String> defaults = new HashMap<>(CONTROLLER_DEFAULTS);
    defaults.put("alb.ingress.kubernetes.io/listen-ports",
        was.containsKey("alb.ingress.kubernetes.io/certificate-arn") ? "[{\"HTTPS\":443}]" : "[{\"HTTP\":80}]");
    for (String key : new java.util.TreeSet<>(is.keySet())) {
      assertThat(normalized(key, is.get(key))).as(what + " annotation " + key)
          .isEqualTo(normalized(key, was.getOrDefault(key, defaults.get(key))));
    }
    assertThat(is.keySet()).as(what + " keeps every annotation it had").containsAll(was.keySet());
  }

  /** The values the controller reads the same: no spaces in lists and JSON, tags in key order. */
  private static String normalized(String key, String value) {
    if (value == null) {
      return null;
    }
    String compact = value.replace(" ", "");
    return key.endsWith("/tags") ? String.join(",", new java.util.TreeSet<>(List.of(compact.split(",")))) : compact;
  }

  /** host, path, pathType -> Service:port name (a port given by number is named by the Service's port). */
  private static List<String> paths(Ingress ingress, Service service) {
    List<String> paths = new ArrayList<>();
    for (var rule : ingress.getSpec().getRules()) {
      for (HTTPIngressPath path : rule.getHttp().getPaths()) {
        var port = path.getBackend().getService().getPort();
        paths.add(rule.getHost() + " " + path.getPath() + " " + path.getPathType() + " -> "
            + path.getBackend().getService().getName() + ":" + (port.getName() != null ? port.getName()
            : service.getSpec().getPorts().stream().filter(p -> p.getPort().equals(port.getNumber()))
                .map(ServicePort::getName).findFirst().orElseThrow()));
      }
    }
    return paths;
  }

  private static Renderer.Result render(List<ExposedApp> apps, List<HasMetadata> existing) {
    List<Renderer.Document> documents = new ArrayList<>();
    for (ExposedApp app : apps) {
      documents.add(new Renderer.Document("import", documents.size() + 1,
          Serialization.unmarshal(Serialization.asJson(app), JsonNode.class)));
    }
    return new Renderer(PortRange.DEFAULT, IngressDefaults.AWS,
        existing.stream().filter(Service.class::isInstance).map(Service.class::cast).toList(),
        existing.stream().filter(Ingress.class::isInstance).map(Ingress.class::cast).toList()).render(documents);
  }

  /** An example as the operator would write it: its Service and Ingress, nodePorts allocated. */
  private static List<HasMetadata> renderedExample(Path example) throws IOException {
    List<Renderer.Document> documents;
    try (InputStream in = Files.newInputStream(example)) {
      documents = RenderInputs.documents(example.toString(), in);
    } catch (RenderInputs.UnreadableInput e) {
      throw new IOException(e);
    }
    Renderer.Result result = new Renderer(PortRange.DEFAULT, IngressDefaults.AWS, List.of(), List.of())
        .render(documents);
    assertThat(result.rejected()).isEmpty();
    List<HasMetadata> objects = result.rendered().stream().flatMap(r -> r.objects().stream()).toList();
    // as an API server returns them: no owner yet is an empty list
    objects.forEach(o -> o.getMetadata().setOwnerReferences(new ArrayList<>()));
    return objects;
  }

  static List<HasMetadata> objects(Path file) throws IOException {
    List<HasMetadata> objects = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (Renderer.Document document : RenderInputs.documents(file.toString(), in)) {
        for (JsonNode item : RenderInputs.items(document.content())) {
          String kind = item.path("kind").asText();
          objects.add(kind.equals("Service") ? Serialization.unmarshal(item.toString(), Service.class)
              : kind.equals("TargetGroupBinding") ? Serialization.unmarshal(item.toString(), TargetGroupBinding.class)
              : Serialization.unmarshal(item.toString(), Ingress.class));
        }
      }
    } catch (RenderInputs.UnreadableInput e) {
      throw new IOException(e);
    }
    return objects;
  }

  private static Map<String, String> withoutLastApplied(Map<String, String> annotations) {
    Map<String, String> copy = new TreeMap<>(annotations == null ? Map.of() : annotations);
    copy.remove(Importer.LAST_APPLIED);
    return copy;
  }

  private static String namespace(HasMetadata object) {
    return Objects.requireNonNullElse(object.getMetadata().getNamespace(), "default");
  }

  /** {@code Kind namespace/name}, as the importer's notes name an object. */
  private static String identity(HasMetadata object) {
    return object.getKind() + " " + namespace(object) + "/" + object.getMetadata().getName();
  }
}
