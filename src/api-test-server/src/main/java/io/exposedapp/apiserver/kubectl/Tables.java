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
import java.util.function.Function;

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

import io.exposedapp.apiserver.ResourceType;
import io.exposedapp.apiserver.ResourceType.PrinterColumn;

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

  static final String NAME_DESCRIPTION = "Name must be unique within a namespace. Is required when creating resources,"
      + " although some resources may allow a client to request the generation of an appropriate name automatically."
      + " Name is primarily intended for creation idempotence and configuration definition. Cannot be updated."
      + " More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
  static final String CREATION_DESCRIPTION = "CreationTimestamp is a timestamp representing the server time when this"
      + " object was created. It is not guaranteed to be set in happens-before order across separate operations."
      + " Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system."
      + " Read-only. Null for lists. More info:"
      + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

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
    event.set("object", build(type, List.of(object), text(object.path("metadata").path("resourceVersion")),
        firstEventOfStream, includeObject, multipleMatches, now));
    return event;
  }

  /** {@link #tableWatchEvent(ResourceType, String, JsonNode, boolean, IncludeObject, MultipleMatches, Instant)}. */
  public static JsonNode tableWatchEvent(ResourceType type, String eventType, JsonNode object,
      boolean firstEventOfStream, IncludeObject includeObject, Instant now) {
    return tableWatchEvent(type, eventType, object, firstEventOfStream, includeObject,
        MultipleMatches.FIRST_LIKE_APISERVER, now);
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
        d.put("name", c.name);
        d.put("type", c.type);
        d.put("format", c.format);
        d.put("description", c.description);
        d.put("priority", c.priority);
      }
    } else {
      table.putNull("columnDefinitions");
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode obj : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Column c : columns) {
        cells.add(c.cell.apply(new Subject(obj, now)));
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

  /** One row's input: the object and the clock ages are computed against. */
  private record Subject(JsonNode obj, Instant now) {
  }

  private record Column(String name, String type, String format, String description, int priority,
      Function<Subject, JsonNode> cell) {
  }

  private static Column col(String name, String type, String format, String description, int priority,
      Function<Subject, JsonNode> cell) {
    return new Column(name, type, format, description, priority, cell);
  }

  private static Column nameColumn() {
    return col("Name", "string", "name", NAME_DESCRIPTION, 0, s -> JSON.textNode(text(s.obj.path("metadata").path("name"))));
  }

  /** Built-in printers' Age: type string, {@code translateTimestampSince(creationTimestamp)}. */
  private static Column ageColumn() {
    return col("Age", "string", "", CREATION_DESCRIPTION, 0,
        s -> JSON.textNode(age(s.obj.path("metadata").path("creationTimestamp"), s.now)));
  }

  private static Column stringColumn(String name, String description, int priority, Function<JsonNode, String> value) {
    return col(name, "string", "", description, priority, s -> JSON.textNode(value.apply(s.obj)));
  }

  private static List<Column> columnsFor(ResourceType type, MultipleMatches multipleMatches) {
    if (type.isCustom()) {
      return customColumns(type, multipleMatches);
    }
    String groupKind = type.group() + "/" + type.kind();
    return switch (groupKind) {
      case "/Service" -> List.of(nameColumn(),
          stringColumn("Type", "type determines how the Service is exposed.", 0, o -> text(o.path("spec").path("type"))),
          stringColumn("Cluster-IP", "clusterIP is the IP address of the service.", 0, Tables::clusterIp),
          stringColumn("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also"
              + " accept traffic for this service.", 0, Tables::serviceExternalIp),
          stringColumn("Port(s)", "The list of ports that are exposed by this service.", 0, Tables::servicePorts),
          ageColumn(),
          stringColumn("Selector", "Route service traffic to pods with label keys and values matching this selector.", 1,
              o -> labels(o.path("spec").path("selector"))));
      case "networking.k8s.io/Ingress" -> List.of(nameColumn(),
          stringColumn("Class", "The name of the IngressClass resource that should be used for this Ingress.", 0,
              o -> o.path("spec").path("ingressClassName").isTextual()
                  ? o.path("spec").path("ingressClassName").asText() : "<none>"),
          stringColumn("Hosts", "Hosts that incoming requests are matched against before the ingress rule", 0,
              Tables::ingressHosts),
          stringColumn("Address", "Address is a list containing ingress points for the load-balancer", 0,
              o -> loadBalancerIngress(o.path("status").path("loadBalancer"))),
          stringColumn("Ports", "Ports of TLS configurations that open", 0,
              o -> o.path("spec").path("tls").size() > 0 ? "80, 443" : "80"),
          ageColumn());
      case "/Namespace" -> List.of(nameColumn(),
          // The real server defaults status.phase to Active on create; a stored object without it is still Active.
          stringColumn("Status", "The status of the namespace", 0,
              o -> o.path("status").path("phase").isTextual() ? o.path("status").path("phase").asText() : "Active"),
          ageColumn());
      case "/Event" -> eventColumns();
      case "coordination.k8s.io/Lease" -> List.of(nameColumn(),
          stringColumn("Holder", "holderIdentity contains the identity of the holder of a current lease.", 0,
              o -> text(o.path("spec").path("holderIdentity"))),
          ageColumn());
      case "apiextensions.k8s.io/CustomResourceDefinition" -> List.of(nameColumn(),
          // rest.defaultTableConvertor: RFC3339 UTC, not an age.
          col("Created At", "date", "", CREATION_DESCRIPTION, 0,
              s -> JSON.textNode(createdAt(s.obj.path("metadata").path("creationTimestamp")))));
      default -> List.of(nameColumn(), ageColumn());
    };
  }

  /** Event printer (printEvent, Wide): Last Seen, Type, Reason, Object, [Subobject, Source], Message, [First Seen, Count, Name]. */
  private static List<Column> eventColumns() {
    Function<Subject, String> firstSeen = s -> {
      JsonNode first = s.obj.path("firstTimestamp");
      return isSet(first) ? age(first, s.now) : age(s.obj.path("eventTime"), s.now);
    };
    return List.of(
        col("Last Seen", "string", "", "The time at which the most recent occurrence of this event was recorded.", 0, s -> {
          JsonNode series = s.obj.path("series");
          if (series.isObject()) {
            return JSON.textNode(age(series.path("lastObservedTime"), s.now));
          }
          JsonNode last = s.obj.path("lastTimestamp");
          return JSON.textNode(isSet(last) ? age(last, s.now) : firstSeen.apply(s));
        }),
        stringColumn("Type", "Type of this event (Normal, Warning), new types could be added in the future", 0,
            o -> text(o.path("type"))),
        stringColumn("Reason", "This should be a short, machine understandable string that gives the reason for the"
            + " transition into the object's current status.", 0, o -> text(o.path("reason"))),
        stringColumn("Object", "The object that this event is about.", 0, o -> {
          JsonNode involved = o.path("involvedObject");
          String kind = text(involved.path("kind")).toLowerCase(Locale.ROOT);
          String name = text(involved.path("name"));
          return name.isEmpty() ? kind : kind + "/" + name;
        }),
        stringColumn("Subobject", "If referring to a piece of an object instead of an entire object, this string"
            + " should contain a valid JSON/Go field access statement.", 1,
            o -> text(o.path("involvedObject").path("fieldPath"))),
        stringColumn("Source", "The component reporting this event. Should be a short machine understandable string.", 1,
            o -> {
              String component = firstNonEmpty(text(o.path("source").path("component")), text(o.path("reportingComponent")));
              String instance = firstNonEmpty(text(o.path("source").path("host")), text(o.path("reportingInstance")));
              return instance.isEmpty() ? component : component + ", " + instance;
            }),
        stringColumn("Message", "A human-readable description of the status of this operation.", 0,
            o -> text(o.path("message")).strip()),
        col("First Seen", "string", "", "The time at which the event was first recorded.", 1,
            s -> JSON.textNode(firstSeen.apply(s))),
        // printEvent puts an int64 in this string-typed column; so do we.
        col("Count", "string", "", "The number of times this event has occurred.", 1, s -> {
          JsonNode series = s.obj.path("series");
          long count = series.isObject() ? series.path("count").asLong() : s.obj.path("count").asLong();
          return JSON.numberNode(count == 0 && !series.isObject() ? 1 : count);
        }),
        col("Name", "string", "name", NAME_DESCRIPTION, 1, s -> JSON.textNode(text(s.obj.path("metadata").path("name")))));
  }

  /** apiextensions-apiserver tableconvertor.New: Name + additionalPrinterColumns, default column Age. */
  private static List<Column> customColumns(ResourceType type, MultipleMatches multipleMatches) {
    List<PrinterColumn> printerColumns = type.printerColumns().isEmpty()
        ? List.of(new PrinterColumn("Age", "date", "", CREATION_DESCRIPTION, 0, ".metadata.creationTimestamp"))
        : type.printerColumns();
    List<Column> columns = new ArrayList<>();
    columns.add(nameColumn());
    for (PrinterColumn pc : printerColumns) {
      String description = pc.description() == null || pc.description().isEmpty()
          ? "Custom resource definition column (in JSONPath format): " + pc.jsonPath()
          : pc.description();
      JsonPath path = compile(pc.jsonPath());
      String columnType = pc.type() == null ? "string" : pc.type();
      columns.add(col(pc.name(), columnType, pc.format() == null ? "" : pc.format(), description, pc.priority(),
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
  private static JsonNode printerCell(JsonPath path, String columnType, MultipleMatches multipleMatches, Subject s) {
    if (path == null) {
      return JSON.nullNode();
    }
    // ALWAYS_RETURN_LIST: every match (one for a definite path, all for [*] or filters) in an ArrayNode.
    Object read = path.read(s.obj, JSONPATH);
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
      case "date" -> value.isTextual() ? JSON.textNode(dateAge(value.asText(), s.now)) : JSON.nullNode();
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

  // ---------------------------------------------------------------------------------------------- built-in cells

  private static String clusterIp(JsonNode svc) {
    JsonNode ips = svc.path("spec").path("clusterIPs");
    if (ips.isArray() && ips.size() > 0) {
      return ips.get(0).asText();
    }
    // Objects stored without the (server-defaulted) clusterIPs still print their clusterIP when they have one.
    String ip = text(svc.path("spec").path("clusterIP"));
    return ip.isEmpty() ? "<none>" : ip;
  }

  /** getServiceExternalIP with wide=true. */
  private static String serviceExternalIp(JsonNode svc) {
    List<String> externalIps = strings(svc.path("spec").path("externalIPs"));
    String type = text(svc.path("spec").path("type"));
    switch (type.isEmpty() ? "ClusterIP" : type) {
      case "ClusterIP":
      case "NodePort":
        return externalIps.isEmpty() ? "<none>" : String.join(",", externalIps);
      case "LoadBalancer": {
        String lb = loadBalancerIngress(svc.path("status").path("loadBalancer"));
        if (!externalIps.isEmpty()) {
          List<String> all = new ArrayList<>();
          if (!lb.isEmpty()) {
            all.addAll(List.of(lb.split(",")));
          }
          all.addAll(externalIps);
          return String.join(",", all);
        }
        return lb.isEmpty() ? "<pending>" : lb;
      }
      case "ExternalName":
        return text(svc.path("spec").path("externalName"));
      default:
        return "<unknown>";
    }
  }

  /** makePortString: {@code port[:nodePort]/protocol} joined with commas, {@code <none>} when empty. */
  static String servicePorts(JsonNode svc) {
    List<String> pieces = new ArrayList<>();
    for (JsonNode p : svc.path("spec").path("ports")) {
      String protocol = p.path("protocol").isTextual() ? p.path("protocol").asText() : "TCP";
      long nodePort = p.path("nodePort").asLong(0);
      pieces.add(nodePort > 0
          ? p.path("port").asLong() + ":" + nodePort + "/" + protocol
          : p.path("port").asLong() + "/" + protocol);
    }
    return pieces.isEmpty() ? "<none>" : String.join(",", pieces);
  }

  /** formatHosts: up to three hosts, {@code *} when none, {@code + N more...} past three rules. */
  private static String ingressHosts(JsonNode ingress) {
    JsonNode rules = ingress.path("spec").path("rules");
    List<String> list = new ArrayList<>();
    boolean more = false;
    for (JsonNode rule : rules) {
      if (list.size() == 3) {
        more = true;
      }
      String host = text(rule.path("host"));
      if (!more && !host.isEmpty()) {
        list.add(host);
      }
    }
    if (list.isEmpty()) {
      return "*";
    }
    String joined = String.join(",", list);
    return more ? joined + " + " + (rules.size() - 3) + " more..." : joined;
  }

  /** loadBalancerStatusStringer (wide): each ingress point's ip, else hostname, joined by commas. */
  private static String loadBalancerIngress(JsonNode loadBalancer) {
    List<String> out = new ArrayList<>();
    for (JsonNode ing : loadBalancer.path("ingress")) {
      String ip = text(ing.path("ip"));
      String hostname = text(ing.path("hostname"));
      if (!ip.isEmpty()) {
        out.add(ip);
      } else if (!hostname.isEmpty()) {
        out.add(hostname);
      }
    }
    return String.join(",", out);
  }

  /** labels.FormatLabels: sorted {@code k=v} joined by commas, {@code <none>} when empty. */
  private static String labels(JsonNode map) {
    Map<String, String> sorted = new TreeMap<>();
    map.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
    if (sorted.isEmpty()) {
      return "<none>";
    }
    List<String> parts = new ArrayList<>();
    sorted.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(",", parts);
  }

  // ---------------------------------------------------------------------------------------------- time

  /** translateTimestampSince: {@code <unknown>} for a missing/zero timestamp, else the HumanDuration age. */
  static String age(JsonNode timestamp, Instant now) {
    if (!isSet(timestamp)) {
      return "<unknown>";
    }
    return dateAge(timestamp.asText(), now);
  }

  /** A printer column of type date: unparseable -> {@code <invalid>}, zero time -> {@code <unknown>}. */
  private static String dateAge(String rfc3339, Instant now) {
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

  private static String createdAt(JsonNode timestamp) {
    if (!isSet(timestamp)) {
      return "0001-01-01T00:00:00Z";
    }
    try {
      return OffsetDateTime.parse(timestamp.asText()).toInstant().toString();
    } catch (DateTimeParseException e) {
      return timestamp.asText();
    }
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

  // ---------------------------------------------------------------------------------------------- json helpers

  private static boolean isSet(JsonNode n) {
    return n != null && n.isTextual() && !n.asText().isEmpty();
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? "" : n.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asText()));
    return out;
  }

  private static String firstNonEmpty(String a, String b) {
    return a.isEmpty() ? b : a;
  }
}
