package io.exposedapp.apiserver.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class StrategicMergePatchTest {
  private static final ListSchema SERVICE = ListSchema.builtin("", "Service");
  private static final ListSchema DEPLOYMENT = ListSchema.builtin("apps", "Deployment");

  private static ObjectNode service() {
    return Json.obj(
        "{'apiVersion':'v1','kind':'Service','metadata':{'name':'web','annotations':{'a':'1','b':'2'},"
            + "'finalizers':['x']},'spec':{'selector':{'app':'web'},'ports':["
            + "{'name':'http','port':80,'protocol':'TCP','targetPort':8080},"
            + "{'name':'metrics','port':9090,'protocol':'TCP','targetPort':9090}]}}");
  }

  @Test
  void servicePortIsMergedByPortNotReplaced() {
    ObjectNode out =
        StrategicMergePatch.apply(
            service(), Json.obj("{'spec':{'ports':[{'port':80,'targetPort':8081}]}}"), SERVICE);
    assertThat(out.at("/spec/ports"))
        .isEqualTo(
            Json.node(
                "[{'name':'http','port':80,'protocol':'TCP','targetPort':8081},"
                    + "{'name':'metrics','port':9090,'protocol':'TCP','targetPort':9090}]"));
  }

  @Test
  void newPortIsAppended() {
    ObjectNode out =
        StrategicMergePatch.apply(service(), Json.obj("{'spec':{'ports':[{'port':443,'name':'https'}]}}"), SERVICE);
    assertThat(out.at("/spec/ports/2")).isEqualTo(Json.node("{'port':443,'name':'https'}"));
    assertThat(out.at("/spec/ports")).hasSize(3);
  }

  @Test
  void patchDeleteDirectiveRemovesTheItemWithThatKey() {
    ObjectNode out =
        StrategicMergePatch.apply(
            service(), Json.obj("{'spec':{'ports':[{'$patch':'delete','port':9090}]}}"), SERVICE);
    assertThat(out.at("/spec/ports"))
        .isEqualTo(Json.node("[{'name':'http','port':80,'protocol':'TCP','targetPort':8080}]"));
  }

  @Test
  void setElementOrderOrdersTheMergedListAndIsNotStored() {
    ObjectNode out =
        StrategicMergePatch.apply(
            service(),
            Json.obj("{'spec':{'$setElementOrder/ports':[{'port':9090},{'port':80}],'ports':[{'port':80,'name':'web'}]}}"),
            SERVICE);
    assertThat(out.at("/spec/ports/0/port").asInt()).isEqualTo(9090);
    assertThat(out.at("/spec/ports/1/name").asText()).isEqualTo("web");
    assertThat(out.at("/spec").has("$setElementOrder/ports")).isFalse();
  }

  @Test
  void finalizersAreUnionedAndDeleteFromPrimitiveListRemoves() {
    ObjectNode union =
        StrategicMergePatch.apply(service(), Json.obj("{'metadata':{'finalizers':['y','x']}}"), SERVICE);
    assertThat(union.at("/metadata/finalizers")).isEqualTo(Json.node("['x','y']"));
    ObjectNode removed =
        StrategicMergePatch.apply(
            union, Json.obj("{'metadata':{'$deleteFromPrimitiveList/finalizers':['x']}}"), SERVICE);
    assertThat(removed.at("/metadata/finalizers")).isEqualTo(Json.node("['y']"));
  }

  @Test
  void nullRemovesAnAnnotation() {
    ObjectNode out = StrategicMergePatch.apply(service(), Json.obj("{'metadata':{'annotations':{'a':null}}}"), SERVICE);
    assertThat(out.at("/metadata/annotations")).isEqualTo(Json.node("{'b':'2'}"));
  }

  @Test
  void listWithoutMergeKeyIsReplaced() {
    ObjectNode ingress = Json.obj("{'spec':{'rules':[{'host':'a'},{'host':'b'}]}}");
    ObjectNode out =
        StrategicMergePatch.apply(
            ingress, Json.obj("{'spec':{'rules':[{'host':'c'}]}}"), ListSchema.builtin("networking.k8s.io", "Ingress"));
    assertThat(out.at("/spec/rules")).isEqualTo(Json.node("[{'host':'c'}]"));
  }

  @Test
  void patchReplaceOnAMapReplacesIt() {
    ObjectNode out =
        StrategicMergePatch.apply(
            service(), Json.obj("{'spec':{'selector':{'$patch':'replace','tier':'front'}}}"), SERVICE);
    assertThat(out.at("/spec/selector")).isEqualTo(Json.node("{'tier':'front'}"));
  }

  @Test
  void retainKeysDropsUnlistedKeys() {
    ObjectNode dep =
        Json.obj("{'spec':{'template':{'spec':{'volumes':[{'name':'v','emptyDir':{},'configMap':{'name':'c'}}]}}}}");
    ObjectNode out =
        StrategicMergePatch.apply(
            dep,
            Json.obj("{'spec':{'template':{'spec':{'volumes':[{'name':'v','$retainKeys':['name','secret'],'secret':{'secretName':'s'}}]}}}}"),
            DEPLOYMENT);
    assertThat(out.at("/spec/template/spec/volumes"))
        .isEqualTo(Json.node("[{'name':'v','secret':{'secretName':'s'}}]"));
  }

  @Test
  void containerEnvIsMergedByName() {
    ObjectNode dep =
        Json.obj("{'spec':{'template':{'spec':{'containers':[{'name':'app','image':'a:1','env':[{'name':'A','value':'1'}]}]}}}}");
    ObjectNode out =
        StrategicMergePatch.apply(
            dep,
            Json.obj("{'spec':{'template':{'spec':{'containers':[{'name':'app','image':'a:2','env':[{'name':'B','value':'2'}]}]}}}}"),
            DEPLOYMENT);
    assertThat(out.at("/spec/template/spec/containers"))
        .isEqualTo(Json.node("[{'name':'app','image':'a:2','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}]"));
  }

  @Test
  void kubectlThreeWayPatchForAServiceReapply() {
    // Last applied had ports 80 and 9090 and label tier; the new manifest drops 9090 and tier and
    // changes 80's targetPort. This is the patch kubectl apply (client-side) computes.
    ObjectNode patch =
        Json.obj(
            "{'metadata':{'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{new}'},"
                + "'labels':{'tier':null}},"
                + "'spec':{'$setElementOrder/ports':[{'port':80}],"
                + "'ports':[{'port':80,'targetPort':8081},{'$patch':'delete','port':9090}]}}");
    ObjectNode live = service();
    ((ObjectNode) live.get("metadata")).set("labels", Json.node("{'app':'web','tier':'front'}"));
    ObjectNode out = StrategicMergePatch.apply(live, patch, SERVICE);
    assertThat(out.at("/spec/ports"))
        .isEqualTo(Json.node("[{'name':'http','port':80,'protocol':'TCP','targetPort':8081}]"));
    assertThat(out.at("/metadata/labels")).isEqualTo(Json.node("{'app':'web'}"));
    assertThat(out.at("/metadata/annotations"))
        .isEqualTo(Json.node("{'a':'1','b':'2','kubectl.kubernetes.io/last-applied-configuration':'{new}'}"));
    assertThat(Json.text(out)).doesNotContain("$setElementOrder").doesNotContain("$patch");
  }

  @Test
  void missingMergeKeyIsAPatchException() {
    assertThatThrownBy(
            () -> StrategicMergePatch.apply(service(), Json.obj("{'spec':{'ports':[{'targetPort':1}]}}"), SERVICE))
        .isInstanceOf(PatchException.class)
        .hasMessageContaining("merge key: port");
  }

  @Test
  void unknownPatchDirectiveIsAPatchException() {
    assertThatThrownBy(
            () -> StrategicMergePatch.apply(service(), Json.obj("{'spec':{'$patch':'explode'}}"), SERVICE))
        .isInstanceOf(PatchException.class);
  }

  @Test
  void targetIsNotMutated() {
    ObjectNode live = service();
    StrategicMergePatch.apply(live, Json.obj("{'spec':{'ports':[{'port':80,'targetPort':1}]}}"), SERVICE);
    assertThat(live).isEqualTo(service());
  }
}
