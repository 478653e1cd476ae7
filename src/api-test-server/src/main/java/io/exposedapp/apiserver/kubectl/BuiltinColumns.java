package io.exposedapp.apiserver.kubectl;

import static io.exposedapp.apiserver.kubectl.Column.isSet;
import static io.exposedapp.apiserver.kubectl.Column.text;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.exposedapp.apiserver.api.ResourceType;

/**
 * The columns of the built-in kinds, as kube-apiserver's {@code pkg/printers/internalversion} prints them (Service,
 * Ingress, Namespace, Event, Lease, CustomResourceDefinition; Name and Age for the others), with {@code Wide: true}.
 */
final class BuiltinColumns {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private BuiltinColumns() {
  }

  static List<Column> of(ResourceType type) {
    String groupKind = type.group() + "/" + type.kind();
    return switch (groupKind) {
      case "/Service" -> List.of(Column.nameColumn(),
          Column.stringColumn("Type", "type determines how the Service is exposed.", 0, o -> text(o.path("spec").path("type"))),
          Column.stringColumn("Cluster-IP", "clusterIP is the IP address of the service.", 0, BuiltinColumns::clusterIp),
          Column.stringColumn("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also"
              + " accept traffic for this service.", 0, BuiltinColumns::serviceExternalIp),
          Column.stringColumn("Port(s)", "The list of ports that are exposed by this service.", 0, BuiltinColumns::servicePorts),
          Column.ageColumn(),
          Column.stringColumn("Selector", "Route service traffic to pods with label keys and values matching this selector.", 1,
              o -> labels(o.path("spec").path("selector"))));
      case "networking.k8s.io/Ingress" -> List.of(Column.nameColumn(),
          Column.stringColumn("Class", "The name of the IngressClass resource that should be used for this Ingress.", 0,
              o -> o.path("spec").path("ingressClassName").isTextual()
                  ? o.path("spec").path("ingressClassName").asText() : "<none>"),
          Column.stringColumn("Hosts", "Hosts that incoming requests are matched against before the ingress rule", 0,
              BuiltinColumns::ingressHosts),
          Column.stringColumn("Address", "Address is a list containing ingress points for the load-balancer", 0,
              o -> loadBalancerIngress(o.path("status").path("loadBalancer"))),
          Column.stringColumn("Ports", "Ports of TLS configurations that open", 0,
              o -> o.path("spec").path("tls").size() > 0 ? "80, 443" : "80"),
          Column.ageColumn());
      case "/Namespace" -> List.of(Column.nameColumn(),
          // The real server defaults status.phase to Active on create; a stored object without it is still Active.
          Column.stringColumn("Status", "The status of the namespace", 0,
              o -> o.path("status").path("phase").isTextual() ? o.path("status").path("phase").asText() : "Active"),
          Column.ageColumn());
      case "/Event" -> eventColumns();
      case "coordination.k8s.io/Lease" -> List.of(Column.nameColumn(),
          Column.stringColumn("Holder", "holderIdentity contains the identity of the holder of a current lease.", 0,
              o -> text(o.path("spec").path("holderIdentity"))),
          Column.ageColumn());
      case "apiextensions.k8s.io/CustomResourceDefinition" -> List.of(Column.nameColumn(),
          // rest.defaultTableConvertor: RFC3339 UTC, not an age.
          new Column("Created At", "date", "", Column.CREATION_DESCRIPTION, 0,
              s -> JSON.textNode(createdAt(s.obj().path("metadata").path("creationTimestamp")))));
      default -> List.of(Column.nameColumn(), Column.ageColumn());
    };
  }

  /** Event printer (printEvent, Wide): Last Seen, Type, Reason, Object, [Subobject, Source], Message, [First Seen, Count, Name]. */
  private static List<Column> eventColumns() {
    Function<Column.Subject, String> firstSeen = s -> {
      JsonNode first = s.obj().path("firstTimestamp");
      return isSet(first) ? Tables.age(first, s.now()) : Tables.age(s.obj().path("eventTime"), s.now());
    };
    return List.of(
        new Column("Last Seen", "string", "", "The time at which the most recent occurrence of this event was recorded.", 0, s -> {
          JsonNode series = s.obj().path("series");
          if (series.isObject()) {
            return JSON.textNode(Tables.age(series.path("lastObservedTime"), s.now()));
          }
          JsonNode last = s.obj().path("lastTimestamp");
          return JSON.textNode(isSet(last) ? Tables.age(last, s.now()) : firstSeen.apply(s));
        }),
        Column.stringColumn("Type", "Type of this event (Normal, Warning), new types could be added in the future", 0,
            o -> text(o.path("type"))),
        Column.stringColumn("Reason", "This should be a short, machine understandable string that gives the reason for the"
            + " transition into the object's current status.", 0, o -> text(o.path("reason"))),
        Column.stringColumn("Object", "The object that this event is about.", 0, o -> {
          JsonNode involved = o.path("involvedObject");
          String kind = text(involved.path("kind")).toLowerCase(Locale.ROOT);
          String name = text(involved.path("name"));
          return name.isEmpty() ? kind : kind + "/" + name;
        }),
        Column.stringColumn("Subobject", "If referring to a piece of an object instead of an entire object, this string"
            + " should contain a valid JSON/Go field access statement.", 1,
            o -> text(o.path("involvedObject").path("fieldPath"))),
        Column.stringColumn("Source", "The component reporting this event. Should be a short machine understandable string.", 1,
            o -> {
              String component = firstNonEmpty(text(o.path("source").path("component")), text(o.path("reportingComponent")));
              String instance = firstNonEmpty(text(o.path("source").path("host")), text(o.path("reportingInstance")));
              return instance.isEmpty() ? component : component + ", " + instance;
            }),
        Column.stringColumn("Message", "A human-readable description of the status of this operation.", 0,
            o -> text(o.path("message")).strip()),
        new Column("First Seen", "string", "", "The time at which the event was first recorded.", 1,
            s -> JSON.textNode(firstSeen.apply(s))),
        // printEvent puts an int64 in this string-typed column; so do we.
        new Column("Count", "string", "", "The number of times this event has occurred.", 1, s -> {
          JsonNode series = s.obj().path("series");
          long count = series.isObject() ? series.path("count").asLong() : s.obj().path("count").asLong();
          return JSON.numberNode(count == 0 && !series.isObject() ? 1 : count);
        }),
        new Column("Name", "string", "name", Column.NAME_DESCRIPTION, 1, s -> JSON.textNode(text(s.obj().path("metadata").path("name")))));
  }


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

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asText()));
    return out;
  }

  private static String firstNonEmpty(String a, String b) {
    return a.isEmpty() ? b : a;
  }}
