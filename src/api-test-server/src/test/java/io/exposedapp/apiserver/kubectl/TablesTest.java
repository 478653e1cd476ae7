package io.exposedapp.apiserver.kubectl;

import static io.exposedapp.apiserver.kubectl.Fixtures.CONFIGMAP;
import static io.exposedapp.apiserver.kubectl.Fixtures.CRD;
import static io.exposedapp.apiserver.kubectl.Fixtures.EVENT;
import static io.exposedapp.apiserver.kubectl.Fixtures.EXPOSEDAPP;
import static io.exposedapp.apiserver.kubectl.Fixtures.INGRESS;
import static io.exposedapp.apiserver.kubectl.Fixtures.LEASE;
import static io.exposedapp.apiserver.kubectl.Fixtures.NAMESPACE;
import static io.exposedapp.apiserver.kubectl.Fixtures.SERVICE;
import static io.exposedapp.apiserver.kubectl.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.exposedapp.apiserver.kubectl.Tables.IncludeObject;
import io.exposedapp.apiserver.kubectl.Tables.MultipleMatches;

class TablesTest {

  private static final Instant NOW = Instant.parse("2025-06-10T12:00:00Z");
  private static final String KUBECTL_GET_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,"
      + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

  private static final JsonNode NODEPORT_SERVICE = json("""
      {'apiVersion':'v1','kind':'Service','metadata':{'name':'web','namespace':'default',
        'creationTimestamp':'2025-06-10T11:55:00Z','resourceVersion':'7','labels':{'app':'web'}},
       'spec':{'type':'NodePort','clusterIP':'10.96.0.5','clusterIPs':['10.96.0.5'],'selector':{'tier':'a','app':'web'},
         'ports':[{'port':80,'nodePort':31080,'protocol':'TCP'},{'port':443,'nodePort':30443}]}}""");

  private static final JsonNode EXPOSEDAPP_OBJ = json("""
      {'apiVersion':'exposedapp.io/v1alpha1','kind':'ExposedApp',
       'metadata':{'name':'demo','namespace':'default','creationTimestamp':'2025-06-08T09:00:00Z','resourceVersion':'9'},
       'spec':{'image':'nginx:1.27','replicas':2},
       'status':{'nodePorts':[{'nodePort':31080},{'nodePort':30443}],
                 'conditions':[{'type':'Progressing','status':'False'},{'type':'Ready','status':'True'}]}}""");

  @Test
  void wantsTableForKubectlGetAcceptOnly() {
    assertThat(Tables.wantsTable(KUBECTL_GET_ACCEPT)).isTrue();
    assertThat(Tables.wantsTable("application/json; as=Table; v=v1; g=meta.k8s.io")).isTrue();
    assertThat(Tables.wantsTable("application/json")).isFalse();
    assertThat(Tables.wantsTable("application/json, */*")).isFalse();
    assertThat(Tables.wantsTable("application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io")).isFalse();
    assertThat(Tables.wantsTable(null)).isFalse();
  }

  @ParameterizedTest(name = "{0}s -> {1}")
  @CsvSource({
      "-5, <invalid>", "-1, 0s", "0, 0s", "45, 45s", "119, 119s", "120, 2m", "330, 5m30s", "600, 10m",
      "5700, 95m", "10800, 3h", "28740, 7h59m", "108000, 30h", "172800, 2d", "183600, 2d3h", "2592000, 30d",
      "63331200, 2y3d", "283824000, 9y"})
  void humanDurationMatchesApimachinery(long seconds, String expected) {
    assertThat(Tables.humanDuration(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @Test
  void serviceTableHasServerColumnsAndPortString() {
    JsonNode table = Tables.table(SERVICE, List.of(NODEPORT_SERVICE), "42", IncludeObject.METADATA, NOW);
    assertThat(table.get("kind").asText()).isEqualTo("Table");
    assertThat(table.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(table.at("/metadata/resourceVersion").asText()).isEqualTo("42");
    assertThat(names(table)).containsExactly("Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector");
    assertThat(table.at("/columnDefinitions/6/priority").asInt()).isEqualTo(1);
    assertThat(table.at("/columnDefinitions/0/format").asText()).isEqualTo("name");
    assertThat(table.at("/rows/0/cells")).isEqualTo(
        json("['web','NodePort','10.96.0.5','<none>','80:31080/TCP,443:30443/TCP','5m','app=web,tier=a']"));
  }

  @Test
  void loadBalancerServiceShowsPendingThenIngressIp() {
    JsonNode pending = json("{'metadata':{'name':'lb'},'spec':{'type':'LoadBalancer','ports':[{'port':80}]}}");
    JsonNode ready = json("""
        {'metadata':{'name':'lb'},'spec':{'type':'LoadBalancer','ports':[{'port':80}]},
         'status':{'loadBalancer':{'ingress':[{'ip':'1.2.3.4'},{'hostname':'lb.example'}]}}}""");
    assertThat(Tables.table(SERVICE, List.of(pending, ready), "1", IncludeObject.NONE, NOW).at("/rows"))
        .extracting(r -> r.at("/cells/3").asText(), r -> r.at("/cells/2").asText(), r -> r.at("/cells/5").asText())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("<pending>", "<none>", "<unknown>"),
            org.assertj.core.groups.Tuple.tuple("1.2.3.4,lb.example", "<none>", "<unknown>"));
  }

  @Test
  void customPrinterColumnsTakeFirstMatchLikeApiserverApplyFiltersAndTypes() {
    JsonNode table = Tables.table(EXPOSEDAPP, List.of(EXPOSEDAPP_OBJ), "50", IncludeObject.METADATA, NOW);
    assertThat(names(table)).containsExactly("Name", "Image", "Ports", "Ready", "Replicas", "Age");
    assertThat(table.at("/columnDefinitions/2/description").asText())
        .isEqualTo("Custom resource definition column (in JSONPath format): .status.nodePorts[*].nodePort");
    assertThat(table.at("/columnDefinitions/4/description").asText()).isEqualTo("Wanted replicas");
    assertThat(table.at("/columnDefinitions/4/type").asText()).isEqualTo("integer");
    assertThat(table.at("/columnDefinitions/5/type").asText()).isEqualTo("date");
    // Ports: "31080" only (tableconvertor uses results[0][0]); Ready via the filter; Replicas stays a number.
    assertThat(cells(table)).isEqualTo(json("['demo','nginx:1.27','31080','True',2,'2d3h']").toString());
  }

  @Test
  void joinModeJoinsAllMatchesOfAWildcardWithCommas() {
    JsonNode table = Tables.table(EXPOSEDAPP, List.of(EXPOSEDAPP_OBJ), "50", IncludeObject.NONE,
        MultipleMatches.JOIN_WITH_COMMA, NOW);
    assertThat(table.at("/rows/0/cells/2").asText()).isEqualTo("31080,30443");
    assertThat(table.at("/rows/0/cells/3").asText()).isEqualTo("True");
  }

  @Test
  void missingPrinterColumnValuesAreNullCells() {
    JsonNode fresh = json("{'metadata':{'name':'fresh','creationTimestamp':'2025-06-10T11:59:15Z'},'spec':{}}");
    JsonNode table = Tables.table(EXPOSEDAPP, List.of(fresh), "51", IncludeObject.NONE, NOW);
    assertThat(table.at("/rows/0/cells")).isEqualTo(json("['fresh',null,null,null,null,'45s']"));
  }

  @Test
  void printerColumnTypeMismatchIsNullAndStringColumnPrintsNumbers() {
    var t = Fixtures.exposedApp(List.of(
        new io.exposedapp.apiserver.api.ResourceType.PrinterColumn("N", "integer", "", "", 0, ".spec.image"),
        new io.exposedapp.apiserver.api.ResourceType.PrinterColumn("S", "string", "", "", 0, ".spec.replicas"),
        new io.exposedapp.apiserver.api.ResourceType.PrinterColumn("D", "date", "", "", 0, ".spec.image")));
    JsonNode table = Tables.table(t, List.of(EXPOSEDAPP_OBJ), "1", IncludeObject.NONE, NOW);
    assertThat(table.at("/rows/0/cells")).isEqualTo(json("['demo',null,'2','<invalid>']"));
  }

  @Test
  void customKindWithoutPrinterColumnsGetsNameAndAge() {
    JsonNode table = Tables.table(Fixtures.exposedApp(List.of()), List.of(EXPOSEDAPP_OBJ), "5", IncludeObject.NONE, NOW);
    assertThat(names(table)).containsExactly("Name", "Age");
    assertThat(table.at("/rows/0/cells")).isEqualTo(json("['demo','2d3h']"));
  }

  @Test
  void includeObjectMetadataIsPartialObjectMetadataByDefault() {
    JsonNode row = Tables.table(SERVICE, List.of(NODEPORT_SERVICE), "1", IncludeObject.fromParam(null), NOW)
        .at("/rows/0");
    assertThat(row.get("object")).isEqualTo(json("""
        {'kind':'PartialObjectMetadata','apiVersion':'meta.k8s.io/v1','metadata':{'name':'web','namespace':'default',
         'creationTimestamp':'2025-06-10T11:55:00Z','resourceVersion':'7','labels':{'app':'web'}}}"""));
  }

  @Test
  void includeObjectObjectEmbedsTheFullObjectAndNoneEmbedsNull() {
    JsonNode full = Tables.table(SERVICE, List.of(NODEPORT_SERVICE), "1", IncludeObject.fromParam("Object"), NOW);
    JsonNode none = Tables.table(SERVICE, List.of(NODEPORT_SERVICE), "1", IncludeObject.fromParam("None"), NOW);
    assertThat(full.at("/rows/0/object")).isEqualTo(NODEPORT_SERVICE);
    assertThat(none.at("/rows/0").has("object")).isTrue();
    assertThat(none.at("/rows/0/object").isNull()).isTrue();
    assertThatThrownBy(() -> IncludeObject.fromParam("Everything")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void watchEventCarriesColumnDefinitionsOnlyWhenFirstOfTheStream() {
    JsonNode first = Tables.tableWatchEvent(SERVICE, "ADDED", NODEPORT_SERVICE, true, IncludeObject.METADATA, NOW);
    JsonNode later = Tables.tableWatchEvent(SERVICE, "MODIFIED", NODEPORT_SERVICE, false, IncludeObject.METADATA, NOW);
    assertThat(first.get("type").asText()).isEqualTo("ADDED");
    assertThat(first.at("/object/kind").asText()).isEqualTo("Table");
    assertThat(first.at("/object/columnDefinitions")).hasSize(7);
    assertThat(first.at("/object/metadata/resourceVersion").asText()).isEqualTo("7");
    assertThat(later.at("/object/columnDefinitions").isNull()).isTrue();
    assertThat(later.at("/object/rows")).hasSize(1);
    assertThat(later.at("/object/rows/0/cells/0").asText()).isEqualTo("web");
  }

  @Test
  void builtInTablesForNamespaceIngressLeaseCrdAndFallback() {
    JsonNode ns = json("{'metadata':{'name':'team','creationTimestamp':'2025-06-10T09:00:00Z'}}");
    assertThat(Tables.table(NAMESPACE, List.of(ns), "1", IncludeObject.NONE, NOW).at("/rows/0/cells"))
        .isEqualTo(json("['team','Active','3h']"));

    JsonNode ing = json("""
        {'metadata':{'name':'web','creationTimestamp':'2025-06-10T11:00:00Z'},
         'spec':{'ingressClassName':'nginx','rules':[{'host':'a.example'},{'host':'b.example'}],'tls':[{'hosts':['a.example']}]},
         'status':{'loadBalancer':{'ingress':[{'ip':'10.0.0.9'}]}}}""");
    JsonNode ingTable = Tables.table(INGRESS, List.of(ing), "1", IncludeObject.NONE, NOW);
    assertThat(names(ingTable)).containsExactly("Name", "Class", "Hosts", "Address", "Ports", "Age");
    assertThat(ingTable.at("/rows/0/cells")).isEqualTo(json("['web','nginx','a.example,b.example','10.0.0.9','80, 443','60m']"));

    JsonNode lease = json("{'metadata':{'name':'leader','creationTimestamp':'2025-06-10T11:59:00Z'},'spec':{'holderIdentity':'pod-1'}}");
    assertThat(Tables.table(LEASE, List.of(lease), "1", IncludeObject.NONE, NOW).at("/rows/0/cells"))
        .isEqualTo(json("['leader','pod-1','60s']"));

    JsonNode crd = json("{'metadata':{'name':'exposedapps.exposedapp.io','creationTimestamp':'2025-06-01T08:00:00+02:00'}}");
    JsonNode crdTable = Tables.table(CRD, List.of(crd), "1", IncludeObject.NONE, NOW);
    assertThat(names(crdTable)).containsExactly("Name", "Created At");
    assertThat(crdTable.at("/rows/0/cells")).isEqualTo(json("['exposedapps.exposedapp.io','2025-06-01T06:00:00Z']"));

    JsonNode cm = json("{'metadata':{'name':'cfg','creationTimestamp':'2025-06-10T11:00:00Z'}}");
    JsonNode cmTable = Tables.table(CONFIGMAP, List.of(cm), "1", IncludeObject.NONE, NOW);
    assertThat(names(cmTable)).containsExactly("Name", "Age");
    assertThat(cmTable.at("/rows/0/cells")).isEqualTo(json("['cfg','60m']"));
  }

  @Test
  void eventTableShowsInvolvedObjectAndFallsBackToFirstTimestamp() {
    JsonNode ev = json("""
        {'metadata':{'name':'web.17f','creationTimestamp':'2025-06-10T11:50:00Z'},
         'involvedObject':{'kind':'ExposedApp','name':'demo','fieldPath':'spec'},
         'reason':'Exposed','message':' Service created ','type':'Normal','firstTimestamp':'2025-06-10T11:58:00Z',
         'source':{'component':'exposedapp-operator'}}""");
    JsonNode table = Tables.table(EVENT, List.of(ev), "1", IncludeObject.NONE, NOW);
    assertThat(names(table)).containsExactly("Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message",
        "First Seen", "Count", "Name");
    // 11:58 -> 12:00 is exactly 120s, which HumanDuration already prints as 2m.
    assertThat(cells(table)).isEqualTo(json(
        "['2m','Normal','Exposed','exposedapp/demo','spec','exposedapp-operator','Service created','2m',1,'web.17f']")
        .toString());
  }

  /** Row 0's cells as compact JSON text: compares numbers by value, not by Jackson node class (int vs long). */
  private static String cells(JsonNode table) {
    return table.at("/rows/0/cells").toString();
  }

  private static List<String> names(JsonNode table) {
    List<String> names = new ArrayList<>();
    table.get("columnDefinitions").forEach(c -> names.add(c.get("name").asText()));
    return names;
  }
}
