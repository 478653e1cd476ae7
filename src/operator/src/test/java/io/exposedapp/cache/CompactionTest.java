package io.exposedapp.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** What the caches make smaller says the same, and what it shares is shared. */
class CompactionTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** The operator's Service as kube-apiserver returns it, with its managedFields entry, owned by app {@code uid}. */
  private static String ownService(String name, String uid) {
    return """
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"%1$s","namespace":"team-0","uid":"s-%2$s",
         "resourceVersion":"320","labels":{"app.kubernetes.io/managed-by":"exposedapp-operator",
         "app.kubernetes.io/component":"service","app.kubernetes.io/name":"%1$s"},
         "annotations":{"io.javaoperatorsdk/primary-name":"%1$s","io.javaoperatorsdk/primary-namespace":"team-0"},
         "ownerReferences":[{"apiVersion":"exposedapp.io/v1alpha1","kind":"ExposedApp","name":"%1$s","uid":"%2$s",
           "controller":true,"blockOwnerDeletion":true}],
         "managedFields":[{"manager":"exposedapp","operation":"Apply","apiVersion":"v1","fieldsType":"FieldsV1",
           "time":"2026-12-07T09:26:19Z","fieldsV1":{"f:metadata":{"f:labels":{"f:app.kubernetes.io/component":{},
           "f:app.kubernetes.io/managed-by":{},"f:app.kubernetes.io/name":{}},
           "f:ownerReferences":{"k:{\\"uid\\":\\"%2$s\\"}":{}}},
           "f:spec":{"f:ports":{"k:{\\"port\\":8080,\\"protocol\\":\\"TCP\\"}":{".":{},"f:name":{},"f:nodePort":{},
           "f:port":{},"f:protocol":{},"f:targetPort":{}}},"f:selector":{},"f:type":{}}}}]},
         "spec":{"type":"NodePort","selector":{"app":"%1$s"},"clusterIP":"10.0.1.2","ipFamilies":["IPv4"],
          "ipFamilyPolicy":"SingleStack","sessionAffinity":"None","externalTrafficPolicy":"Cluster",
          "ports":[{"name":"http","port":8080,"protocol":"TCP","targetPort":8080,"nodePort":30000}]},
         "status":{"loadBalancer":{}}}
        """.formatted(name, uid);
  }

  @Test
  void aCompactedServiceSaysWhatItSaidAndSharesWhatOtherServicesHave() {
    Service first = JSON.unmarshal(ownService("app-1", "u-1"), Service.class);
    Service second = JSON.unmarshal(ownService("app-2", "u-2"), Service.class);
    String before = JSON.asJson(first);

    Compaction.service(first);
    Compaction.service(second);

    assertThat(JSON.asJson(first)).as("the same object, as JSON").isEqualTo(before);
    Map<String, Object> a = fields(first);
    Map<String, Object> b = fields(second);
    assertThat(a).as("each tree names its owner").isNotSameAs(b);
    assertThat(a.get("f:spec")).as("the spec's subtree, equal in both: one map").isSameAs(b.get("f:spec"));
    assertThat(((Map<?, ?>) a.get("f:metadata")).get("f:labels"))
        .isSameAs(((Map<?, ?>) b.get("f:metadata")).get("f:labels"));
    assertThat(((Map<?, ?>) a.get("f:metadata")).get("f:ownerReferences"))
        .isNotSameAs(((Map<?, ?>) b.get("f:metadata")).get("f:ownerReferences"));
    assertThat(first.getSpec().getType()).isSameAs(second.getSpec().getType());
    assertThat(first.getMetadata().getNamespace()).isSameAs(second.getMetadata().getNamespace());
    assertThat(first.getMetadata().getLabels().get("app.kubernetes.io/name")).as("a name is not pooled")
        .isNotSameAs(second.getMetadata().getLabels().get("app.kubernetes.io/name"));
  }

  @Test
  void theAppStoreDropsWhatNothingReadsAndKeepsOneCopyOfTheStatusTheOperatorDecided() {
    String json = """
        {"apiVersion":"exposedapp.io/v1alpha1","kind":"ExposedApp","metadata":{"name":"web","namespace":"shop",
         "uid":"u-1","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{...}","team":"a"},
         "managedFields":[{"manager":"kubectl-client-side-apply","operation":"Update"}]},
         "spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":8080}]},
         "status":{"serviceName":"web","ports":"http:30000","observedGeneration":1,
          "conditions":[{"type":"Ready","status":"True","reason":"Ready","message":"reachable",
           "lastTransitionTime":"2026-12-07T09:26:20Z","observedGeneration":1}],
          "nodePorts":[{"name":"http","port":8080,"protocol":"TCP","nodePort":30000}]}}
        """;
    ExposedAppStatus decided = JSON.unmarshal(json, ExposedApp.class).getStatus();
    ExposedAppStore store = new ExposedAppStore(app -> Optional.of(decided));

    store.put("shop/web", JSON.unmarshal(json, ExposedApp.class));

    ExposedApp cached = store.get("shop/web");
    assertThat(cached.getMetadata().getAnnotations()).containsOnlyKeys("team");
    assertThat(cached.getMetadata().getManagedFields()).isEmpty();
    assertThat(cached.getStatus()).as("the decided status itself, not an equal copy").isSameAs(decided);

    ExposedAppStatus another = JSON.unmarshal(json.replace("30000", "30001"), ExposedApp.class).getStatus();
    ExposedAppStore other = new ExposedAppStore(app -> Optional.of(another));
    other.put("shop/web", JSON.unmarshal(json, ExposedApp.class));
    assertThat(other.get("shop/web").getStatus()).as("a status someone else wrote stays as stored")
        .isEqualTo(decided).isNotSameAs(decided);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> fields(Service service) {
    return service.getMetadata().getManagedFields().get(0).getFieldsV1().getAdditionalProperties();
  }
}
