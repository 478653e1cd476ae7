package io.exposedapp.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Keeps README.md's "## ExposedApp reference" and "## NodePortPool reference" true to the committed CRDs
 * ({@code crds/}, generated from {@code io.exposedapp.api}), so that a change to the model that is not documented, or
 * documentation of a field that is gone, fails the build.
 *
 * <p>The format the README uses, and this test asserts:
 * <ul>
 * <li>one table per object, under a {@code ### } heading that is the object's path ({@code spec},
 * {@code spec.ports[]}, {@code spec.ingress}, ...), with the columns Field | Type | Default | Meaning;</li>
 * <li>the Field cell is exactly one full field path in backticks: dots between properties, {@code []} after an
 * array whose items are objects, e.g. {@code `spec.ingress.healthCheck.intervalSeconds`},
 * {@code `status.nodePorts[].nodePort`};</li>
 * <li>the Type cell starts with the schema type ({@code string}, {@code integer}, {@code boolean}, {@code object},
 * {@code int-or-string}, {@code map[string]string}, {@code []string}, {@code []object}), then names every enum value
 * in backticks and the bounds as {@code min..max} (integers), {@code a..b items} / {@code max b items} (arrays),
 * {@code max n chars} (strings), {@code min n entr(y|ies)} (maps);</li>
 * <li>the Default cell is {@code *required*} exactly for the fields the schema requires, and names a schema
 * {@code default} in backticks;</li>
 * <li>anywhere in the section, a backticked word that starts with {@code spec.} or {@code status.} must be a
 * field path or object path of that section's resource (so the prose names no field the CRD lacks; fields of other
 * objects, like the Service's, are written without backticks).</li>
 * </ul>
 *
 * <p>The items of {@code status.conditions} (metav1.Condition: type, status, reason, message, lastTransitionTime,
 * observedGeneration) are deliberately not walked: the README documents conditions by type and reason, and the
 * reference only links there. Nor are the fields of a NodePortPool's {@code spec.namespaceSelector}, a Kubernetes
 * LabelSelector. Those fields themselves are documented.
 */
class ReadmeReferenceTest {

  private static final Path README = Path.of("README.md");
  private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");
  private static final Pattern FIELD_CELL = Pattern.compile("`([^`]+)`");

  /** A CRD field: its schema node and whether its parent object requires it. */
  private record Field(String path, JsonNode schema, boolean required) {
  }

  /** A row of a reference table, under the heading it appears below. */
  private record Row(String heading, String line, String path, String type, String defaultValue) {
  }

  /**
   * One README section and the CRD it documents.
   *
   * @param objects the object paths the walk must find (guards the walk itself)
   */
  private record Reference(String section, Path crd, Set<String> notWalked, Set<String> objects,
      Map<String, Field> crdFields, Set<String> crdObjects, String text, List<Row> rows, List<String> malformedRows) {

    @Override
    public String toString() {
      return section;
    }
  }

  static List<Reference> references() throws IOException {
    return List.of(
        load("## ExposedApp reference", Path.of("crds", "exposedapps.exposedapp.io-v1.yml"),
            Set.of("status.conditions"), Set.of("spec", "spec.ports[]", "spec.ingress", "spec.ingress.healthCheck",
                "spec.ingress.rules[]", "spec.gateway", "spec.gateway.parentRefs[]", "spec.gateway.rules[]",
                "spec.gateway.healthCheck", "spec.gateway.listeners[]", "spec.loadBalancer", "spec.loadBalancer.tls",
                "spec.loadBalancer.healthCheck", "spec.nlbGateway", "spec.nlbGateway.routes[]",
                "spec.nlbGateway.routes[].parentRef", "spec.nlbGateway.routes[].tls", "spec.nlbGateway.healthCheck",
                "spec.targetGroupBindings[]",
                "spec.targetGroupBindings[].allowFrom[]", "status", "status.nodePorts[]")),
        load("## NodePortPool reference", Path.of("crds", "nodeportpools.exposedapp.io-v1.yml"),
            Set.of("status.conditions", "spec.namespaceSelector"), Set.of("spec", "status", "status.namespaces[]")));
  }

  private static Reference load(String sectionTitle, Path crdPath, Set<String> notWalked, Set<String> objects)
      throws IOException {
    Map<String, Field> crdFields = new LinkedHashMap<>();
    Set<String> crdObjects = new LinkedHashSet<>();
    JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(crdPath));
    JsonNode root = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties");
    assertThat(root.isObject()).as("openAPIV3Schema.properties in %s", crdPath).isTrue();
    for (String top : List.of("spec", "status")) {
      assertThat(root.has(top)).as("%s has %s", crdPath, top).isTrue();
      crdObjects.add(top);
      walk(top, root.get(top), notWalked, crdFields, crdObjects);
    }

    String readme = Files.readString(README).replace("\r\n", "\n");
    int start = readme.indexOf("\n" + sectionTitle + "\n");
    assertThat(start).as("README.md has a section '%s'", sectionTitle).isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start + 1, end < 0 ? readme.length() : end);

    List<Row> rows = new ArrayList<>();
    List<String> malformedRows = new ArrayList<>();
    String heading = null;
    for (String line : section.split("\n")) {
      if (line.startsWith("### ")) {
        heading = line.substring(4).trim();
        continue;
      }
      if (!line.startsWith("|") || line.startsWith("| Field |") || line.startsWith("|---")) {
        continue;
      }
      String[] cells = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length()).split("\\|", -1);
      Matcher field = cells.length == 4 ? FIELD_CELL.matcher(cells[0].trim()) : null;
      if (field == null || !field.matches()) {
        malformedRows.add(line);
        continue;
      }
      rows.add(new Row(heading, line, field.group(1), cells[1].trim(), cells[2].trim()));
    }
    return new Reference(sectionTitle, crdPath, notWalked, objects, crdFields, crdObjects, section, rows,
        malformedRows);
  }

  /** Collects the properties of the object {@code schema} at {@code path}, recursively. */
  private static void walk(String path, JsonNode schema, Set<String> notWalked, Map<String, Field> crdFields,
      Set<String> crdObjects) {
    JsonNode properties = schema.path("properties");
    Set<String> required = new HashSet<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> property = it.next();
      String fieldPath = path + "." + property.getKey();
      JsonNode node = property.getValue();
      crdFields.put(fieldPath, new Field(fieldPath, node, required.contains(property.getKey())));
      if (notWalked.contains(fieldPath)) {
        continue;
      }
      if (node.has("properties")) {
        crdObjects.add(fieldPath);
        walk(fieldPath, node, notWalked, crdFields, crdObjects);
      } else if (node.path("items").has("properties")) {
        crdObjects.add(fieldPath + "[]");
        walk(fieldPath + "[]", node.get("items"), notWalked, crdFields, crdObjects);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("references")
  void walksTheWholeModel(Reference ref) {
    // guards the walk itself: nested objects, array items and the skipped internals
    assertThat(ref.crdFields().keySet()).containsAll(ref.notWalked());
    assertThat(ref.crdFields().keySet()).noneMatch(p -> ref.notWalked().stream()
        .anyMatch(skipped -> p.startsWith(skipped + ".") || p.startsWith(skipped + "[]")));
    assertThat(ref.crdObjects()).containsExactlyInAnyOrderElementsOf(ref.objects());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("references")
  void everyTableRowIsFieldTypeDefaultMeaningWithOneBacktickedPath(Reference ref) {
    assertThat(ref.malformedRows()).as("rows of '%s' that are not | `path` | type | default | meaning |",
        ref.section()).isEmpty();
    assertThat(ref.rows()).as("table rows in '%s'", ref.section()).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("references")
  void everyCrdFieldIsDocumented(Reference ref) {
    Set<String> documented = new HashSet<>();
    ref.rows().forEach(r -> documented.add(r.path()));
    Set<String> missing = new TreeSet<>(ref.crdFields().keySet());
    missing.removeAll(documented);
    assertThat(missing).as("CRD fields missing from README '%s' (add a row `path` | type | default | meaning)",
        ref.section()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("references")
  void noRowDocumentsAFieldTheCrdLacksOrAFieldTwice(Reference ref) {
    List<String> unknown = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<String> duplicates = new ArrayList<>();
    for (Row row : ref.rows()) {
      if (!ref.crdFields().containsKey(row.path())) {
        unknown.add(row.path());
      }
      if (!seen.add(row.path())) {
        duplicates.add(row.path());
      }
    }
    assertThat(unknown).as("README rows for fields the CRD does not have").isEmpty();
    assertThat(duplicates).as("fields documented twice").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("references")
  void rowsSitUnderTheirObjectsHeading(Reference ref) {
    List<String> misplaced = new ArrayList<>();
    for (Row row : ref.rows()) {
      String parent = row.path().substring(0, row.path().lastIndexOf('.'));
      if (!parent.equals(row.heading())) {
        misplaced.add(row.path() + " under '### " + row.heading() + "', expected '### " + parent + "'");
      }
    }
    assertThat(ref.crdObjects()).allMatch(o -> ref.text().contains("\n### " + o + "\n"),
        "has a '### <object>' heading");
    assertThat(misplaced).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("references")
  void proseNamesNoFieldTheCrdLacks(Reference ref) {
    Set<String> known = new HashSet<>(ref.crdFields().keySet());
    known.addAll(ref.crdObjects());
    List<String> unknown = new ArrayList<>();
    Matcher m = BACKTICKED.matcher(ref.text());
    while (m.find()) {
      String word = m.group(1);
      if ((word.equals("spec") || word.equals("status") || word.startsWith("spec.") || word.startsWith("status."))
          && !known.contains(word)) {
        unknown.add(word);
      }
    }
    assertThat(unknown).as("backticked paths in '%s' that the CRD does not have", ref.section()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("references")
  void typesEnumsBoundsDefaultsAndRequiredMatchTheSchema(Reference ref) {
    List<String> problems = new ArrayList<>();
    for (Row row : ref.rows()) {
      Field field = ref.crdFields().get(row.path());
      if (field == null) {
        continue; // reported by noRowDocumentsAFieldTheCrdLacksOrAFieldTwice
      }
      JsonNode s = field.schema();
      String type = typeLabel(s);
      if (!row.type().matches(Pattern.quote(type) + "($|[,: ].*)")) {
        problems.add(row.path() + ": Type should start with '" + type + "', is '" + row.type() + "'");
      }
      s.path("enum").forEach(v -> {
        if (!row.type().contains("`" + v.asText() + "`")) {
          problems.add(row.path() + ": Type should name enum value `" + v.asText() + "`");
        }
      });
      if (row.type().contains("`")) {
        // and no enum value the schema does not have
        Matcher m = BACKTICKED.matcher(row.type());
        Set<String> values = new HashSet<>();
        s.path("enum").forEach(v -> values.add(v.asText()));
        while (m.find()) {
          if (s.has("enum") && !values.contains(m.group(1))) {
            problems.add(row.path() + ": Type names `" + m.group(1) + "`, not an enum value of the schema");
          }
        }
      }
      expect(problems, row, s.has("minimum") && s.has("maximum"),
          s.path("minimum").asLong() + ".." + s.path("maximum").asLong());
      if (s.has("maxItems")) {
        expect(problems, row, true, s.has("minItems")
            ? s.get("minItems").asLong() + ".." + s.get("maxItems").asLong() + " items"
            : "max " + s.get("maxItems").asLong() + " items");
      }
      expect(problems, row, s.has("maxLength"), "max " + s.path("maxLength").asLong() + " chars");
      expect(problems, row, s.has("minProperties"),
          "min " + s.path("minProperties").asLong() + (s.path("minProperties").asLong() == 1 ? " entry" : " entries"));
      if (s.has("default") && !row.defaultValue().contains("`" + s.get("default").asText() + "`")) {
        problems.add(row.path() + ": Default should name the schema default `" + s.get("default").asText() + "`");
      }
      boolean saysRequired = row.defaultValue().equals("*required*");
      if (saysRequired != field.required()) {
        problems.add(row.path() + ": the schema " + (field.required() ? "requires" : "does not require")
            + " it, so Default should " + (field.required() ? "" : "not ") + "be *required*");
      }
    }
    assertThat(problems).isEmpty();
  }

  private static void expect(List<String> problems, Row row, boolean applies, String text) {
    if (applies && !row.type().contains(text)) {
      problems.add(row.path() + ": Type should contain '" + text + "', is '" + row.type() + "'");
    }
  }

  /** The type as the README writes it. */
  private static String typeLabel(JsonNode s) {
    if (s.path("x-kubernetes-int-or-string").asBoolean()) {
      return "int-or-string";
    }
    String type = s.path("type").asText();
    if (type.equals("array")) {
      return "[]" + typeLabel(s.path("items"));
    }
    if (type.equals("object") && s.has("additionalProperties")) {
      return "map[string]" + typeLabel(s.get("additionalProperties"));
    }
    return type;
  }
}
