package io.exposedapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Checks on the committed CRD that a real API server would otherwise make only at install time (structural schema,
 * list-map keys), plus the names, printer columns and validations the operator relies on.
 */
class StructuralSchemaTest {

  /** Keywords a structural schema forbids inside anyOf/allOf/oneOf/not (besides the int-or-string pattern). */
  private static final Set<String> FORBIDDEN_IN_JUNCTORS =
      Set.of("type", "description", "default", "additionalProperties", "nullable");
  private static final Set<String> JUNCTORS = Set.of("anyOf", "allOf", "oneOf", "not");

  private static JsonNode crd;
  private static JsonNode schema;

  @BeforeAll
  static void load() {
    crd = CrdFiles.tree(CrdFiles.COMMITTED);
    schema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
    assertThat(schema.isObject()).as("openAPIV3Schema present").isTrue();
  }

  static final List<String> CRDS = CrdFiles.ALL;

  private static JsonNode schemaOf(String fileName) {
    return CrdFiles.tree(CrdFiles.committed(fileName)).at("/spec/versions/0/schema/openAPIV3Schema");
  }

  @ParameterizedTest
  @FieldSource("CRDS")
  void everyNodeIsTypedAndNoValueValidationHidesTypesInJunctors(String fileName) {
    List<String> problems = new ArrayList<>();
    walk(schemaOf(fileName), "openAPIV3Schema", problems);
    assertThat(problems).as("structural-schema violations").isEmpty();
  }

  @Test
  void listMapKeysAreRequiredOrDefaultedScalars() {
    List<String> problems = new ArrayList<>();
    List<String> found = new ArrayList<>();
    listMaps(schema, "openAPIV3Schema", problems, found);
    assertThat(problems).isEmpty();
    assertThat(found).containsExactlyInAnyOrder(
        "openAPIV3Schema.properties.spec.properties.ports[name]",
        "openAPIV3Schema.properties.spec.properties.targetGroupBindings[port]",
        "openAPIV3Schema.properties.spec.properties.nlbGateway.properties.routes[port]",
        "openAPIV3Schema.properties.status.properties.nodePorts[name]",
        "openAPIV3Schema.properties.status.properties.conditions[type]");
  }

  @ParameterizedTest
  @FieldSource("CRDS")
  void everySpecAndStatusPropertyHasADescription(String fileName) {
    JsonNode schema = schemaOf(fileName);
    List<String> missing = new ArrayList<>();
    descriptions(schema.at("/properties/spec"), "spec", missing);
    descriptions(schema.at("/properties/status"), "status", missing);
    assertThat(missing).as("properties without description").isEmpty();
    assertThat(schema.path("description").asText()).isNotBlank();
  }

  @Test
  void poolListMapKeysAreRequiredOrDefaultedScalars() {
    List<String> problems = new ArrayList<>();
    List<String> found = new ArrayList<>();
    listMaps(schemaOf(CrdFiles.POOLS_FILE_NAME), "openAPIV3Schema", problems, found);
    assertThat(problems).isEmpty();
    assertThat(found).containsExactlyInAnyOrder(
        "openAPIV3Schema.properties.status.properties.namespaces[namespace]",
        "openAPIV3Schema.properties.status.properties.conditions[type]");
  }

  @Test
  void poolSpecConstraintsAreInTheSchema() {
    JsonNode spec = schemaOf(CrdFiles.POOLS_FILE_NAME).at("/properties/spec");
    assertThat(texts(spec.path("required"))).containsExactly("ranges");
    assertThat(spec.at("/properties/ranges/minItems").asInt()).isEqualTo(1);
    Pattern range = Pattern.compile(spec.at("/properties/ranges/items/pattern").asText());
    assertThat(List.of("30100-30199", "1-65535")).allMatch(r -> range.matcher(r).matches());
    assertThat(List.of("30100", "30100-", "a-b", "30100 - 30199", "")).noneMatch(r -> range.matcher(r).matches());
    assertThat(spec.at("/properties/maxPortsPerNamespace/minimum").asInt()).isZero();
  }

  @Test
  void poolNamesScopeSubresourceAndPrinterColumns() {
    CustomResourceDefinition def = Serialization.unmarshal(CrdFiles.read(CrdFiles.committed(
        CrdFiles.POOLS_FILE_NAME)), CustomResourceDefinition.class);
    assertThat(def.getMetadata().getName()).isEqualTo(NodePortPool.CRD_NAME);
    assertThat(def.getSpec().getScope()).isEqualTo("Cluster");
    assertThat(def.getSpec().getNames().getKind()).isEqualTo("NodePortPool");
    assertThat(def.getSpec().getNames().getShortNames()).containsExactly("npp");
    CustomResourceDefinitionVersion v = def.getSpec().getVersions().get(0);
    assertThat(v.getName()).isEqualTo("v1alpha1");
    assertThat(v.getSubresources().getStatus()).isNotNull();
    // kubectl get npp: RANGES, USED, FREE, AGE; -o wide adds the rest
    assertThat(v.getAdditionalPrinterColumns()).filteredOn(c -> c.getPriority() == 0).extracting(c -> c.getName())
        .containsExactlyInAnyOrder("Ranges", "Used", "Free", "Age");
    assertThat(v.getAdditionalPrinterColumns()).filteredOn(c -> c.getPriority() == 1).extracting(c -> c.getName())
        .containsExactlyInAnyOrder("Size", "Largest-Free-Block", "Namespaces", "Priority", "Default", "Valid");
  }

  @Test
  void specConstraintsAreInTheSchema() {
    JsonNode spec = schema.at("/properties/spec");
    assertThat(texts(spec.path("required"))).containsExactlyInAnyOrder("selector", "ports");
    assertThat(spec.at("/properties/selector/minProperties").asInt()).isEqualTo(1);
    assertThat(spec.at("/properties/serviceName/pattern").asText()).isEqualTo(ExposedAppSpec.DNS_1035_LABEL);
    assertThat(spec.at("/properties/serviceName/maxLength").asInt()).isEqualTo(63);
    assertThat(texts(spec.at("/properties/externalTrafficPolicy/enum"))).containsExactly("Cluster", "Local");

    JsonNode ports = spec.at("/properties/ports");
    assertThat(ports.path("minItems").asInt()).isEqualTo(1);
    assertThat(ports.path("maxItems").asInt()).isEqualTo(ExposedAppSpec.MAX_PORTS);
    JsonNode port = ports.at("/items");
    assertThat(texts(port.path("required"))).containsExactlyInAnyOrder("name", "port");
    assertThat(port.at("/properties/name/pattern").asText()).isEqualTo(PortSpec.DNS_1123_LABEL);
    assertThat(port.at("/properties/name/maxLength").asInt()).isEqualTo(63);
    for (String p : List.of("port", "nodePort")) {
      assertThat(port.at("/properties/" + p + "/minimum").asInt()).as(p).isEqualTo(1);
      assertThat(port.at("/properties/" + p + "/maximum").asInt()).as(p).isEqualTo(65535);
    }
    assertThat(texts(port.at("/properties/protocol/enum"))).containsExactlyInAnyOrder("TCP", "UDP", "SCTP");
    assertThat(port.at("/properties/protocol/default").asText()).isEqualTo("TCP");
    JsonNode target = port.at("/properties/targetPort");
    assertThat(target.path("x-kubernetes-int-or-string").asBoolean()).isTrue();
    assertThat(target.path("minimum").asInt()).isEqualTo(1);
    assertThat(target.path("maximum").asInt()).isEqualTo(65535);
    assertThat(target.path("maxLength").asInt()).isEqualTo(15);
    assertThat(target.path("pattern").asText()).isEqualTo(PortSpec.IANA_SVC_NAME);

    JsonNode rules = spec.path("x-kubernetes-validations");
    assertThat(rules).hasSize(1);
    assertThat(rules.at("/0/rule").asText()).isEqualTo(ExposedAppSpec.NODE_PORTS_UNIQUE_RULE);
    assertThat(rules.at("/0/message").asText()).contains("nodePort").contains("unique");
  }

  @Test
  void patternsAcceptAndRejectWhatTheDescriptionsSay() {
    Pattern iana = Pattern.compile(PortSpec.IANA_SVC_NAME);
    assertThat(List.of("http", "h", "https-alt", "8080a", "a8080", "web-8080"))
        .allMatch(s -> iana.matcher(s).matches());
    assertThat(List.of("8080", "-http", "http-", "HTTP", "", "web_1")).noneMatch(s -> iana.matcher(s).matches());
    Pattern dns1123 = Pattern.compile(PortSpec.DNS_1123_LABEL);
    assertThat(List.of("http", "1", "a-1")).allMatch(s -> dns1123.matcher(s).matches());
    assertThat(List.of("-a", "a-", "A", "")).noneMatch(s -> dns1123.matcher(s).matches());
    Pattern dns1035 = Pattern.compile(ExposedAppSpec.DNS_1035_LABEL);
    assertThat(List.of("web", "w", "web-1")).allMatch(s -> dns1035.matcher(s).matches());
    assertThat(List.of("1web", "web-", "Web", "")).noneMatch(s -> dns1035.matcher(s).matches());
  }

  @Test
  void namesSubresourceAndPrinterColumns() {
    CustomResourceDefinition def =
        Serialization.unmarshal(CrdFiles.read(CrdFiles.COMMITTED), CustomResourceDefinition.class);
    assertThat(def.getMetadata().getName()).isEqualTo(ExposedApp.CRD_NAME);
    assertThat(def.getSpec().getGroup()).isEqualTo("exposedapp.io");
    assertThat(def.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(def.getSpec().getNames().getKind()).isEqualTo("ExposedApp");
    assertThat(def.getSpec().getNames().getPlural()).isEqualTo("exposedapps");
    assertThat(def.getSpec().getNames().getSingular()).isEqualTo("exposedapp");
    assertThat(def.getSpec().getNames().getShortNames()).containsExactly("xapp");
    assertThat(def.getSpec().getVersions()).hasSize(1);
    CustomResourceDefinitionVersion v = def.getSpec().getVersions().get(0);
    assertThat(v.getName()).isEqualTo("v1alpha1");
    assertThat(v.getServed()).isTrue();
    assertThat(v.getStorage()).isTrue();
    assertThat(v.getSubresources().getStatus()).isNotNull();
    assertThat(v.getSubresources().getScale()).isNull();
    // name -> "jsonPath type priority"; the generator orders columns by jsonPath, not by declaration.
    assertThat(v.getAdditionalPrinterColumns()).extracting(c -> c.getName() + " " + c.getJsonPath() + " "
        + c.getType() + " " + c.getPriority())
        .containsExactlyInAnyOrder(
            "NodePorts .status.ports string 0",
            "Ready .status.conditions[?(@.type==\"Ready\")].status string 0",
            "Reason .status.conditions[?(@.type==\"Ready\")].reason string 1",
            "Service .status.serviceName string 1",
            "Address .status.address string 0",
            "Age .metadata.creationTimestamp date 0");
  }

  // --- walkers --------------------------------------------------------------------------------------------------

  private static void walk(JsonNode node, String path, List<String> problems) {
    boolean intOrString = node.path("x-kubernetes-int-or-string").asBoolean(false);
    boolean preserve = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    String type = node.path("type").asText("");
    if (intOrString) {
      if (node.has("type")) {
        problems.add(path + ": x-kubernetes-int-or-string must not set type");
      }
      JsonNode anyOf = node.path("anyOf");
      if (!anyOf.isMissingNode() && !(anyOf.size() == 2 && "integer".equals(anyOf.at("/0/type").asText())
          && "string".equals(anyOf.at("/1/type").asText()) && anyOf.get(0).size() == 1 && anyOf.get(1).size() == 1)) {
        problems.add(path + ": int-or-string anyOf must be exactly [{type: integer}, {type: string}]");
      }
    } else if (type.isEmpty() && !preserve) {
      problems.add(path + ": no type");
    }
    if (!Set.of("", "object", "array", "string", "integer", "number", "boolean").contains(type)) {
      problems.add(path + ": unknown type " + type);
    }
    for (String j : JUNCTORS) {
      if (node.has(j) && !(intOrString && j.equals("anyOf"))) {
        junctor(node.get(j), path + "." + j, problems);
      }
    }
    if (node.has("properties")) {
      if (!type.equals("object")) {
        problems.add(path + ": properties on a non-object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.get("properties").fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        walk(e.getValue(), path + ".properties." + e.getKey(), problems);
      }
    }
    if (node.has("additionalProperties")) {
      if (node.has("properties")) {
        problems.add(path + ": properties and additionalProperties are mutually exclusive");
      }
      if (node.get("additionalProperties").isObject()) {
        walk(node.get("additionalProperties"), path + ".additionalProperties", problems);
      }
    }
    if (type.equals("array")) {
      if (!node.path("items").isObject()) {
        problems.add(path + ": array without items schema");
      } else {
        walk(node.get("items"), path + ".items", problems);
      }
    }
    if (node.has("required")) {
      for (JsonNode r : node.get("required")) {
        if (!node.path("properties").has(r.asText())) {
          problems.add(path + ": required " + r.asText() + " is not a property");
        }
      }
    }
    if (node.has("default") && node.has("enum")) {
      boolean listed = false;
      for (JsonNode e : node.get("enum")) {
        listed |= e.equals(node.get("default"));
      }
      if (!listed) {
        problems.add(path + ": default is not one of enum");
      }
    }
  }

  private static void junctor(JsonNode node, String path, List<String> problems) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        junctor(node.get(i), path + "[" + i + "]", problems);
      }
      return;
    }
    for (String k : FORBIDDEN_IN_JUNCTORS) {
      if (node.has(k)) {
        problems.add(path + ": " + k + " inside a logical junctor");
      }
    }
  }

  private static void listMaps(JsonNode node, String path, List<String> problems, List<String> found) {
    if ("map".equals(node.path("x-kubernetes-list-type").asText())) {
      JsonNode items = node.path("items");
      if (!"object".equals(items.path("type").asText())) {
        problems.add(path + ": list-type map items must be objects");
      }
      JsonNode keys = node.path("x-kubernetes-list-map-keys");
      if (!keys.isArray() || keys.isEmpty()) {
        problems.add(path + ": list-type map without x-kubernetes-list-map-keys");
      }
      Set<String> required = Set.copyOf(texts(items.path("required")));
      for (JsonNode k : keys) {
        JsonNode prop = items.path("properties").path(k.asText());
        if (prop.isMissingNode()) {
          problems.add(path + ": list-map key " + k.asText() + " is not a property");
        } else if (!Set.of("string", "integer", "boolean").contains(prop.path("type").asText())) {
          problems.add(path + ": list-map key " + k.asText() + " is not a scalar");
        } else if (!required.contains(k.asText()) && !prop.has("default")) {
          problems.add(path + ": list-map key " + k.asText() + " is neither required nor defaulted");
        }
        found.add(path + "[" + k.asText() + "]");
      }
    } else if (node.has("x-kubernetes-list-map-keys")) {
      problems.add(path + ": x-kubernetes-list-map-keys without x-kubernetes-list-type: map");
    }
    node.path("properties").fields().forEachRemaining(e ->
        listMaps(e.getValue(), path + ".properties." + e.getKey(), problems, found));
    if (node.path("items").isObject()) {
      listMaps(node.get("items"), path + ".items", problems, found);
    }
    if (node.path("additionalProperties").isObject()) {
      listMaps(node.get("additionalProperties"), path + ".additionalProperties", problems, found);
    }
  }

  private static void descriptions(JsonNode node, String path, List<String> missing) {
    if (node.path("description").asText("").isBlank()) {
      missing.add(path);
    }
    node.path("properties").fields().forEachRemaining(e ->
        descriptions(e.getValue(), path + "." + e.getKey(), missing));
    JsonNode items = node.path("items");
    if (items.isObject()) {
      // the item object of a list is described by the list itself; its properties are not
      items.path("properties").fields().forEachRemaining(e ->
          descriptions(e.getValue(), path + "[]." + e.getKey(), missing));
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
