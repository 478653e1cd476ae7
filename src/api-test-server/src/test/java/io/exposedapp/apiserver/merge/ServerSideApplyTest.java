package io.exposedapp.apiserver.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exposedapp.apiserver.merge.ServerSideApply.ApplyRequest;
import io.exposedapp.apiserver.merge.ServerSideApply.Result;
import org.junit.jupiter.api.Test;

class ServerSideApplyTest {
  static final ListSchema SERVICE = ListSchema.builtin("", "Service");
  static final String T1 = "2026-11-25T00:00:00Z";
  static final String T2 = "2026-11-25T00:01:00Z";

  static ObjectNode service(String ports) {
    return Json.obj(
        "{'apiVersion':'v1','kind':'Service','metadata':{'name':'web','namespace':'ns',"
            + "'labels':{'app':'web'},'annotations':{'a':'1'},"
            + "'ownerReferences':[{'apiVersion':'v1','kind':'ConfigMap','name':'owner','uid':'u-1','controller':true}]},"
            + "'spec':{'selector':{'app':'web'},'ports':" + ports + "}}");
  }

  static final String TWO_PORTS =
      "[{'name':'http','port':80,'targetPort':8080},{'name':'https','port':443,'protocol':'TCP','targetPort':8443}]";

  static ApplyRequest req(String manager, boolean force, String time) {
    return new ApplyRequest(manager, force, "", false, "v1", time, SERVICE);
  }

  static JsonNode entry(ObjectNode o, String manager, String operation) {
    for (JsonNode e : o.at("/metadata/managedFields")) {
      if (e.get("manager").asText().equals(manager) && e.get("operation").asText().equals(operation)) {
        return e;
      }
    }
    return null;
  }

  @Test
  void createFromNothingRecordsFieldsV1InTheServerFormat() {
    Result r = ServerSideApply.apply(null, service(TWO_PORTS), req("op", false, T1));

    assertThat(r.changed()).isTrue();
    String expected =
        "[{'manager':'op','operation':'Apply','apiVersion':'v1','time':'2026-11-25T00:00:00Z','fieldsType':'FieldsV1',"
            + "'fieldsV1':{'f:metadata':{'f:annotations':{'f:a':{}},'f:labels':{'f:app':{}},"
            + "'f:ownerReferences':{'k:{\\'uid\\':\\'u-1\\'}':{'.':{},'f:apiVersion':{},'f:controller':{},'f:kind':{},'f:name':{},'f:uid':{}}}},"
            + "'f:spec':{'f:ports':{"
            + "'k:{\\'port\\':80,\\'protocol\\':\\'TCP\\'}':{'.':{},'f:name':{},'f:port':{},'f:targetPort':{}},"
            + "'k:{\\'port\\':443,\\'protocol\\':\\'TCP\\'}':{'.':{},'f:name':{},'f:port':{},'f:protocol':{},'f:targetPort':{}}},"
            + "'f:selector':{}}}}]";
    assertThat(Json.text(r.object().at("/metadata/managedFields")))
        .isEqualTo(Json.text(Json.node(expected.replace("\\'", "\\\""))));
    // the key default is stored, as the real server's defaulting would
    assertThat(r.object().at("/spec/ports/0/protocol").asText()).isEqualTo("TCP");
  }

  @Test
  void reapplyingTheSameObjectIsANoOpAndKeepsTheTime() {
    ObjectNode live = ServerSideApply.apply(null, service(TWO_PORTS), req("op", false, T1)).object();
    Result again = ServerSideApply.apply(live, service(TWO_PORTS), req("op", false, T2));
    assertThat(again.changed()).isFalse();
    assertThat(again.object()).isSameAs(live);
    assertThat(entry(again.object(), "op", "Apply").get("time").asText()).isEqualTo(T1);
  }

  @Test
  void anotherManagersAnnotationSurvivesAnApplyThatDoesNotMentionIt() {
    ObjectNode live = ServerSideApply.apply(null, service(TWO_PORTS), req("op", false, T1)).object();
    live =
        ServerSideApply.apply(
                live,
                Json.obj("{'apiVersion':'v1','kind':'Service','metadata':{'name':'web','namespace':'ns','annotations':{'other':'x'}}}"),
                req("other", false, T1))
            .object();
    ObjectNode applied = service(TWO_PORTS);
    ((ObjectNode) applied.at("/metadata/annotations")).put("a", "2");
    Result r = ServerSideApply.apply(live, applied, req("op", false, T2));
    assertThat(r.object().at("/metadata/annotations")).isEqualTo(Json.node("{'a':'2','other':'x'}"));
  }

  @Test
  void portDroppedFromTheAppliedServiceIsRemoved() {
    ObjectNode live = ServerSideApply.apply(null, service(TWO_PORTS), req("op", false, T1)).object();
    Result r = ServerSideApply.apply(live, service("[{'name':'http','port':80,'targetPort':8080}]"), req("op", false, T2));
    assertThat(r.object().at("/spec/ports"))
        .isEqualTo(Json.node("[{'name':'http','port':80,'targetPort':8080,'protocol':'TCP'}]"));
    assertThat(entry(r.object(), "op", "Apply").at("/fieldsV1/f:spec/f:ports").size()).isEqualTo(1);
  }

  @Test
  void portAlsoOwnedByAnotherManagerIsKept() {
    ObjectNode live = ServerSideApply.apply(null, service(TWO_PORTS), req("op", false, T1)).object();
    live =
        ServerSideApply.apply(
                live,
                Json.obj("{'apiVersion':'v1','kind':'Service','metadata':{'name':'web','namespace':'ns'},"
                    + "'spec':{'ports':[{'port':443,'protocol':'TCP','targetPort':8443}]}}"),
                req("other", false, T1))
            .object();
    Result r = ServerSideApply.apply(live, service("[{'name':'http','port':80,'targetPort':8080}]"), req("op", false, T2));
    assertThat(r.object().at("/spec/ports")).hasSize(2);
    assertThat(r.object().at("/spec/ports/1/port").asInt()).isEqualTo(443);
  }

  @Test
  void conflictWithoutForceNamesTheManagerAndField() {
    ObjectNode live = ServerSideApply.apply(null, service(TWO_PORTS), req("op", false, T1)).object();
    ObjectNode other =
        Json.obj("{'apiVersion':'v1','kind':'Service','metadata':{'name':'web','namespace':'ns','labels':{'app':'other'}}}");
    assertThatThrownBy(() -> ServerSideApply.apply(live, other, req("other", false, T2)))
        .isInstanceOfSatisfying(
            ApplyConflictException.class,
            e ->
                assertThat(e.conflicts())
                    .containsExactly(new ApplyConflictException.Conflict("op", "v1", ".metadata.labels.app")))
        .hasMessageContaining("conflict with \"op\" using v1: .metadata.labels.app");
  }

  @Test
  void forceMovesOwnershipToTheApplier() {
    ObjectNode live = ServerSideApply.apply(null, service(TWO_PORTS), req("op", false, T1)).object();
    ObjectNode other =
        Json.obj("{'apiVersion':'v1','kind':'Service','metadata':{'name':'web','namespace':'ns','labels':{'app':'other'}}}");
    Result r = ServerSideApply.apply(live, other, req("other", true, T2));
    assertThat(r.object().at("/metadata/labels/app").asText()).isEqualTo("other");
    assertThat(entry(r.object(), "other", "Apply").at("/fieldsV1")).isEqualTo(Json.node("{'f:metadata':{'f:labels':{'f:app':{}}}}"));
    assertThat(entry(r.object(), "op", "Apply").at("/fieldsV1/f:metadata").has("f:labels")).isFalse();
  }

  @Test
  void sameValueFromAnotherManagerIsSharedNotAConflict() {
    ObjectNode live = ServerSideApply.apply(null, service(TWO_PORTS), req("op", false, T1)).object();
    ObjectNode other =
        Json.obj("{'apiVersion':'v1','kind':'Service','metadata':{'name':'web','namespace':'ns','labels':{'app':'web'}}}");
    Result r = ServerSideApply.apply(live, other, req("other", false, T2));
    assertThat(r.changed()).isTrue(); // a new entry, no content change
    assertThat(entry(r.object(), "op", "Apply").at("/fieldsV1/f:metadata/f:labels").has("f:app")).isTrue();
    assertThat(entry(r.object(), "other", "Apply").at("/fieldsV1/f:metadata/f:labels").has("f:app")).isTrue();
  }

  @Test
  void statusApplyTouchesOnlyStatusAndRecordsSubresource() {
    ListSchema schema = ListSchema.fromOpenApi(null);
    ObjectNode live =
        ServerSideApply.apply(
                null,
                Json.obj("{'apiVersion':'x.io/v1','kind':'App','metadata':{'name':'a'},'spec':{'n':1},'status':{'ignored':true}}"),
                new ApplyRequest("op", false, "", true, "x.io/v1", T1, schema))
            .object();
    assertThat(live.has("status")).isFalse();

    Result r =
        ServerSideApply.apply(
            live,
            Json.obj("{'apiVersion':'x.io/v1','kind':'App','metadata':{'name':'a','labels':{'x':'y'}},'spec':{'n':2},'status':{'phase':'Ready'}}"),
            new ApplyRequest("op", false, "status", true, "x.io/v1", T2, schema));
    assertThat(r.object().at("/spec/n").asInt()).isEqualTo(1);
    assertThat(r.object().at("/metadata").has("labels")).isFalse();
    assertThat(r.object().at("/status")).isEqualTo(Json.node("{'phase':'Ready'}"));
    JsonNode statusEntry = null;
    for (JsonNode e : r.object().at("/metadata/managedFields")) {
      if (e.path("subresource").asText().equals("status")) {
        statusEntry = e;
      }
    }
    assertThat(statusEntry).isNotNull();
    assertThat(statusEntry.get("fieldsV1")).isEqualTo(Json.node("{'f:status':{'f:phase':{}}}"));
    assertThat(r.object().at("/metadata/managedFields")).hasSize(2);
  }

  @Test
  void customResourceListTypesComeFromTheOpenApiSchema() {
    JsonNode openApi =
        Json.node(
            "{'type':'object','properties':{'spec':{'type':'object','properties':{"
                + "'items':{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['name'],"
                + "  'items':{'type':'object','properties':{'name':{'type':'string'},'size':{'type':'integer'}}}},"
                + "'tags':{'type':'array','x-kubernetes-list-type':'set','items':{'type':'string'}},"
                + "'args':{'type':'array','items':{'type':'string'}},"
                + "'sel':{'type':'object','x-kubernetes-map-type':'atomic'}}}}}");
    ListSchema schema = ListSchema.fromOpenApi(openApi);
    assertThat(schema.listTypeAt(List.of("spec", "items"))).isEqualTo(new ListSchema.MapList(List.of("name")));
    assertThat(schema.listTypeAt(List.of("spec", "tags"))).isEqualTo(ListSchema.SET);
    assertThat(schema.listTypeAt(List.of("spec", "args"))).isEqualTo(ListSchema.ATOMIC);
    assertThat(schema.patchMergeKey(List.of("spec", "items"))).isEmpty();
    assertThat(schema.listTypeAt(List.of("metadata", "ownerReferences"))).isEqualTo(new ListSchema.MapList(List.of("uid")));

    ObjectNode applied =
        Json.obj(
            "{'apiVersion':'x.io/v1','kind':'App','metadata':{'name':'a'},'spec':{'items':[{'name':'a','size':1}],"
                + "'tags':['t2','t1'],'args':['--x'],'sel':{'k':'v'}}}");
    Result r = ServerSideApply.apply(null, applied, new ApplyRequest("op", false, "", false, "x.io/v1", T1, schema));
    assertThat(Json.text(entry(r.object(), "op", "Apply").get("fieldsV1")))
        .isEqualTo(
            Json.text(
                Json.node(
                    "{'f:spec':{'f:args':{},'f:items':{'k:{\\\"name\\\":\\\"a\\\"}':{'.':{},'f:name':{},'f:size':{}}},"
                        + "'f:sel':{},'f:tags':{'v:\\\"t1\\\"':{},'v:\\\"t2\\\"':{}}}}")));

    // a second manager adds a tag and an item: merged by identity, not replaced
    ObjectNode more =
        Json.obj("{'apiVersion':'x.io/v1','kind':'App','metadata':{'name':'a'},'spec':{'items':[{'name':'b'}],'tags':['t3']}}");
    Result r2 = ServerSideApply.apply(r.object(), more, new ApplyRequest("two", false, "", false, "x.io/v1", T2, schema));
    assertThat(r2.object().at("/spec/tags")).isEqualTo(Json.node("['t2','t1','t3']"));
    assertThat(r2.object().at("/spec/items")).isEqualTo(Json.node("[{'name':'a','size':1},{'name':'b'}]"));
  }

  @Test
  void duplicateMapListKeysAreRejected() {
    assertThatThrownBy(
            () ->
                ServerSideApply.apply(
                    null, service("[{'port':80},{'port':80,'protocol':'TCP'}]"), req("op", false, T1)))
        .isInstanceOf(PatchException.class)
        .hasMessageContaining("duplicate");
  }

  @Test
  void recordUpdateGivesChangedFieldsToTheUpdaterAndTakesThemFromTheApplier() {
    ObjectNode live = ServerSideApply.apply(null, service(TWO_PORTS), req("op", false, T1)).object();
    ObjectNode edited = live.deepCopy();
    ((ObjectNode) edited.at("/metadata/labels")).put("app", "edited");
    ((ObjectNode) edited.at("/metadata/labels")).put("new", "n");
    ObjectNode stored = ServerSideApply.recordUpdate(live, edited, "kubectl-edit", "Update", "v1", T2, "", SERVICE);

    assertThat(entry(stored, "kubectl-edit", "Update").get("fieldsV1"))
        .isEqualTo(Json.node("{'f:metadata':{'f:labels':{'f:app':{},'f:new':{}}}}"));
    assertThat(entry(stored, "op", "Apply").at("/fieldsV1/f:metadata").has("f:labels")).isFalse();

    // the applier now conflicts on the label it lost
    assertThatThrownBy(() -> ServerSideApply.apply(stored, service(TWO_PORTS), req("op", false, T2)))
        .isInstanceOfSatisfying(
            ApplyConflictException.class,
            e -> assertThat(e.conflicts()).extracting(ApplyConflictException.Conflict::field).containsExactly(".metadata.labels.app"));
  }

  @Test
  void recordUpdateOnCreateOwnsEverythingWithParentMembers() {
    ObjectNode cm = Json.obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','labels':{'a':'b'}},'data':{'k':'v'}}");
    ObjectNode stored = ServerSideApply.recordUpdate(null, cm, "creator", "Update", "v1", T1, "", ListSchema.builtin("", "ConfigMap"));
    assertThat(Json.text(entry(stored, "creator", "Update").get("fieldsV1")))
        .isEqualTo(Json.text(Json.node("{'f:data':{'.':{},'f:k':{}},'f:metadata':{'f:labels':{'.':{},'f:a':{}}}}")));
  }
}
