package io.exposedapp.apiserver.kubectl;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

import io.exposedapp.apiserver.api.ResourceType;
import io.exposedapp.apiserver.api.ResourceType.PrinterColumn;

/**
 * Server-side printing: the {@code meta.k8s.io/v1 Table} that kubectl get asks for with
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json}.
 *
 * <p>Columns follow the real server: custom kinds use apiextensions-apiserver's tableconvertor (Name + the CRD's
 * additionalPrinterColumns, or Name + Age when it declares none); built-ins use kube-apiserver's
 * {@code pkg/printers/internalversion} for the kinds listed in {@link #table}, rendered with {@code Wide: true} as the
 * server always does (kubectl hides priority&gt;0 columns unless {@code -o wide}).
 */
public final class Tables {

  /** The {@code includeObject} query parameter: what each row's {@code object} carries. */
  public enum IncludeObject {
    /** {@code includeObject=None}: {@code "object": null}. */
    NONE,
    /** Default: a {@code meta.k8s.io/v1 PartialObjectMetadata} with the object's metadata. */
    METADATA,
    /** {@code includeObject=Object} (kubectl sends it for {@code --sort-by}): the full object. */
    OBJECT;

    /** Parses the query parameter; null/empty means the server default, Metadata. */
    public static IncludeObject fromParam(String value) {
      if (value == null || value.isEmpty() || value.equals("Metadata")) {
        return METADATA;
      }
      return switch (value) {
        case "Object" -> OBJECT;
        case "None" -> NONE;
        // The real server answers 400 BadRequest "unrecognized includeObject value".
        default -> throw new IllegalArgumentException("unrecognized includeObject value: \"" + value + "\"");
      };
    }
  }

  /**
   * How a printer column whose JSONPath matches several values is rendered. The real server
   * (apiextensions-apiserver tableconvertor, {@code value := results[0][0]}) prints only the first match; joining is
   * offered because it is more useful for e.g. {@code .status.nodePorts[*].nodePort}, but it is not what a cluster shows.
   */
  public enum MultipleMatches {
    FIRST_LIKE_APISERVER,
    JOIN_WITH_COMMA
  }

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private static final Configuration JSONPATH = Configuration.builder()
      .jsonProvider(new JacksonJsonNodeJsonProvider())
      .mappingProvider(new JacksonMappingProvider())
      .options(Option.ALWAYS_RETURN_LIST, Option.SUPPRESS_EXCEPTIONS)
      .build();

  private Tables() {
  }

  /**
   * True when the Accept header names a {@code meta.k8s.io/v1 Table} (kubectl get, get -w). The real server picks the
   * first acceptable entry in the client's order; kubectl always lists Table v1 first, so "any entry asks for Table v1"
   * is equivalent for kubectl.
   */
  public static boolean wantsTable(String acceptHeader) {
    if (acceptHeader == null) {
      return false;
    }
    for (String range : acceptHeader.split(",")) {
      String[] parts = range.split(";");
      if (!parts[0].trim().equalsIgnoreCase("application/json")) {
        continue;
      }
      Map<String, String> params = new TreeMap<>();
      for (int i = 1; i < parts.length; i++) {
        String[] kv = parts[i].split("=", 2);
        if (kv.length == 2) {
          params.put(kv[0].trim().toLowerCase(Locale.ROOT), kv[1].trim());
        }
      }
      if ("Table".equals(params.get("as")) && "meta.k8s.io".equals(params.get("g")) && "v1".equals(params.get("v"))) {
        return true;
      }
    }
    return false;
  }

  /** {@link #table(ResourceType, List, String, IncludeObject, MultipleMatches, Instant)} with apiserver semantics. */
  public static JsonNode table(ResourceType type, List<JsonNode> objects, String listResourceVersion,
      IncludeObject includeObject, Instant now) {
    return table(type, objects, listResourceVersion, includeObject, MultipleMatches.FIRST_LIKE_APISERVER, now);
  }

  /**
   * The Table for a list ({@code objects} = its items, {@code listResourceVersion} = the list's resourceVersion) or a
   * single object (one item, its own resourceVersion). Column definitions are always included.
   */
  public static JsonNode table(ResourceType type, List<JsonNode> objects, String listResourceVersion,
      IncludeObject includeObject, MultipleMatches multipleMatches, Instant now) {
    return build(type, objects, listResourceVersion, true, includeObject, multipleMatches, now);
  }

  /**
   * A watch event for a watch that asked for Table: {@code {"type": eventType, "object": <Table with one row>}}.
   *
   * <p>kube-apiserver ({@code handlers/watch.go serveWatch}, Fixup) sets {@code TableOptions.NoHeaders = true} after
   * transforming the first event, so only the <em>first event of each watch stream</em> carries
   * {@code columnDefinitions}; later ones carry {@code null} and kubectl's printer reuses the last definitions. Pass
   * {@code firstEventOfStream} accordingly. ERROR events are not tables: the dispatcher sends its Status unchanged.
   */
  public static JsonNode tableWatchEvent(ResourceType type, String eventType, JsonNode object,
      boolean firstEventOfStream, IncludeObject includeObject, MultipleMatches multipleMatches, Instant now) {
    ObjectNode event = JSON.objectNode();
    event.put("type", eventType);
    event.set("object", build(type, List.of(object), Column.text(object.path("metadata").path("resourceVersion")),
        firstEventOfStream, includeObject, multipleMatches, now));
    return event;
  }

  /** {@link #tableWatchEvent(ResourceType, String, JsonNode, boolean, IncludeObject, MultipleMatches, Instant)}. */
  public static JsonNode tableWatchEvent(ResourceType type, String eventType, JsonNode object,
      boolean firstEventOfStream, IncludeObject includeObject, Instant now) {
    return tableWatchEvent(type, eventType, object, firstEventOfStream, includeObject,
        MultipleMatches.FIRST_LIKE_APISERVER, now);
  }

  private static List<Column> columnsFor(ResourceType type, MultipleMatches multipleMatches) {
    return type.isCustom() ? customColumns(type, multipleMatches) : BuiltinColumns.of(type);
  }

  private static JsonNode build(ResourceType type, List<JsonNode> objects, String resourceVersion,
      boolean withColumns, IncludeObject includeObject, MultipleMatches multipleMatches, Instant now) {
    List<Column> columns = columnsFor(type, multipleMatches);
    ObjectNode table = JSON.objectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    if (resourceVersion != null && !resourceVersion.isEmpty()) {
      metadata.put("resourceVersion", resourceVersion);
    }
    if (withColumns) {
      ArrayNode defs = table.putArray("columnDefinitions");
      for (Column c : columns) {
        ObjectNode d = defs.addObject();
        d.put("name", c.name());
        d.put("type", c.type());
        d.put("format", c.format());
        d.put("description", c.description());
        d.put("priority", c.priority());
      }
    } else {
      table.putNull("columnDefinitions");
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode obj : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Column c : columns) {
        cells.add(c.cell().apply(new Column.Subject(obj, now)));
      }
      row.set("object", rowObject(obj, includeObject));
    }
    return table;
  }

  private static JsonNode rowObject(JsonNode obj, IncludeObject includeObject) {
    return switch (includeObject) {
      case OBJECT -> obj;
      case NONE -> JSON.nullNode();
      case METADATA -> {
        ObjectNode partial = JSON.objectNode();
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", obj.has("metadata") ? obj.get("metadata") : JSON.objectNode());
        yield partial;
      }
    };
  }

  // ---------------------------------------------------------------------------------------------- columns

  /** apiextensions-apiserver tableconvertor.New: Name + additionalPrinterColumns, default column Age. */
  private static List<Column> customColumns(ResourceType type, MultipleMatches multipleMatches) {
    List<PrinterColumn> printerColumns = type.printerColumns().isEmpty()
        ? List.of(new PrinterColumn("Age", "date", "", Column.CREATION_DESCRIPTION, 0, ".metadata.creationTimestamp"))
        : type.printerColumns();
    List<Column> columns = new ArrayList<>();
    columns.add(Column.nameColumn());
    for (PrinterColumn pc : printerColumns) {
      String description = pc.description() == null || pc.description().isEmpty()
          ? "Custom resource definition column (in JSONPath format): " + pc.jsonPath()
          : pc.description();
      JsonPath path = compile(pc.jsonPath());
      String columnType = pc.type() == null ? "string" : pc.type();
      columns.add(new Column(pc.name(), columnType, pc.format() == null ? "" : pc.format(), description, pc.priority(),
          s -> printerCell(path, columnType, multipleMatches, s)));
    }
    return columns;
  }

  /**
   * Kubernetes JSONPath as CRDs write it ({@code .status.x}, optionally wrapped in {@code {}}) to a Jayway path
   * ({@code $.status.x}). Null when it does not parse: the real server then falls back to a default convertor; we
   * render an empty cell instead.
   */
  static JsonPath compile(String k8sJsonPath) {
    String p = k8sJsonPath == null ? "" : k8sJsonPath.trim();
    if (p.startsWith("{") && p.endsWith("}")) {
      p = p.substring(1, p.length() - 1).trim();
    }
    if (p.startsWith("$")) {
      p = p.substring(1);
    }
    if (!p.startsWith(".") && !p.startsWith("[")) {
      p = "." + p;
    }
    try {
      return JsonPath.compile("$" + p);
    } catch (InvalidPathException | IllegalArgumentException e) {
      return null;
    }
  }

  /** tableconvertor ConvertToTable + cellForJSONValue; missing values are JSON null (kubectl prints {@code <none>}). */
  private static JsonNode printerCell(JsonPath path, String columnType, MultipleMatches multipleMatches,
      Column.Subject s) {
    if (path == null) {
      return JSON.nullNode();
    }
    // ALWAYS_RETURN_LIST: every match (one for a definite path, all for [*] or filters) in an ArrayNode.
    Object read = path.read(s.obj(), JSONPATH);
    if (!(read instanceof ArrayNode results) || results.isEmpty()) {
      return JSON.nullNode();
    }
    if (multipleMatches == MultipleMatches.JOIN_WITH_COMMA && results.size() > 1) {
      List<String> parts = new ArrayList<>();
      results.forEach(v -> parts.add(goPrint(v)));
      return JSON.textNode(String.join(",", parts));
    }
    JsonNode value = results.get(0);
    if (value == null || value.isNull() || value.isMissingNode()) {
      return JSON.nullNode();
    }
    return switch (columnType) {
      // "string" prints any value (jsonpath PrintResults), the other types require a matching JSON type.
      case "string" -> JSON.textNode(goPrint(value));
      case "integer" -> value.isNumber() ? JSON.numberNode(value.asLong()) : JSON.nullNode();
      case "number" -> value.isNumber() ? JSON.numberNode(value.asDouble()) : JSON.nullNode();
      case "boolean" -> value.isBoolean() ? value : JSON.nullNode();
      case "date" -> value.isTextual() ? JSON.textNode(dateAge(value.asText(), s.now())) : JSON.nullNode();
      default -> JSON.nullNode();
    };
  }

  /** Go's {@code fmt.Fprint} of a decoded JSON value, as client-go jsonpath prints it. */
  static String goPrint(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "<nil>";
    }
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(e -> parts.add(goPrint(e)));
      return "[" + String.join(" ", parts) + "]";
    }
    if (v.isObject()) {
      Map<String, String> sorted = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = v.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        sorted.put(e.getKey(), goPrint(e.getValue()));
      }
      List<String> parts = new ArrayList<>();
      sorted.forEach((k, val) -> parts.add(k + ":" + val));
      return "map[" + String.join(" ", parts) + "]";
    }
    return v.asText();
  }

  // ---------------------------------------------------------------------------------------------- time

  /** translateTimestampSince: {@code <unknown>} for a missing/zero timestamp, else the HumanDuration age. */
  static String age(JsonNode timestamp, Instant now) {
    if (!Column.isSet(timestamp)) {
      return "<unknown>";
    }
    return dateAge(timestamp.asText(), now);
  }

  /** A printer column of type date: unparseable -> {@code <invalid>}, zero time -> {@code <unknown>}. */
  static String dateAge(String rfc3339, Instant now) {
    Instant t;
    try {
      t = OffsetDateTime.parse(rfc3339).toInstant();
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
    if (t.equals(GO_ZERO_TIME)) {
      return "<unknown>";
    }
    return humanDuration(Duration.between(t, now));
  }

  private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  /**
   * apimachinery {@code duration.HumanDuration}: ~2-3 significant figures, e.g. {@code 45s}, {@code 119s}, {@code 5m},
   * {@code 5m30s}, {@code 95m}, {@code 3h}, {@code 7h59m}, {@code 30h}, {@code 2d}, {@code 2d3h}, {@code 30d},
   * {@code 2y3d}, {@code 9y}; {@code <invalid>} for more than 1s in the future.
   */
  public static String humanDuration(Duration d) {
    // Go's int(d.Seconds()) truncates toward zero; millis avoid toNanos overflow for centuries-old timestamps.
    long seconds = d.toMillis() / 1000;
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = seconds / 3600;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? (hours / 24) + "d" : (hours / 24) + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return (hours / 24) + "d";
    } else if (hours < 24 * 365 * 8) {
      long dy = (hours / 24) % 365;
      return dy == 0 ? (hours / 24 / 365) + "y" : (hours / 24 / 365) + "y" + dy + "d";
    }
    return (hours / 24 / 365) + "y";
  }


}
