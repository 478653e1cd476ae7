package io.exposedapp.apiserver.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.exposedapp.apiserver.api.ResourceType;

/**
 * The kinds the server serves: a fixed set of built-in kinds the operator, kubectl and the tests use, plus the kinds
 * of installed CustomResourceDefinitions.
 */
public final class ResourceTypes {

  private final Map<String, ResourceType> byGroupVersionPlural = new ConcurrentHashMap<>();

  public ResourceTypes() {
    builtin("", "v1", "Namespace", "namespaces", false, true, "ns");
    builtin("", "v1", "Service", "services", true, true, "svc");
    builtin("", "v1", "Endpoints", "endpoints", true, false, "ep");
    builtin("", "v1", "Pod", "pods", true, true, "po");
    builtin("", "v1", "ConfigMap", "configmaps", true, false, "cm");
    builtin("", "v1", "Secret", "secrets", true, false);
    builtin("", "v1", "ServiceAccount", "serviceaccounts", true, false, "sa");
    builtin("", "v1", "Event", "events", true, false, "ev");
    builtin("", "v1", "ResourceQuota", "resourcequotas", true, true, "quota");
    builtin("", "v1", "Node", "nodes", false, true, "no");
    builtin("apps", "v1", "Deployment", "deployments", true, true, "deploy");
    builtin("networking.k8s.io", "v1", "Ingress", "ingresses", true, true, "ing");
    builtin("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false, false);
    builtin("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, false, "netpol");
    builtin("coordination.k8s.io", "v1", "Lease", "leases", true, false);
    builtin("events.k8s.io", "v1", "Event", "events", true, false, "ev");
    builtin("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, true, "pdb");
    builtin("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, false);
    builtin("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, false);
    builtin("rbac.authorization.k8s.io", "v1", "Role", "roles", true, false);
    builtin("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, false);
    // reviews are answered, never stored (see the create handler)
    builtin("authorization.k8s.io", "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews", false, false);
    builtin("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", false, false);
    builtin("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, true,
        "crd", "crds");
  }

  private void builtin(String group, String version, String kind, String plural, boolean namespaced,
      boolean status, String... shortNames) {
    add(new ResourceType(group, version, kind, plural, kind.toLowerCase(), namespaced, List.of(shortNames), status,
        List.of(), null));
  }

  private void add(ResourceType type) {
    byGroupVersionPlural.put(key(type.group(), type.version(), type.plural()), type);
  }

  public Optional<ResourceType> find(String group, String version, String plural) {
    return Optional.ofNullable(byGroupVersionPlural.get(key(group, version, plural)));
  }

  public Collection<ResourceType> all() {
    return List.copyOf(byGroupVersionPlural.values());
  }

  /** Registers every served version of a CRD; answers the types now served. */
  public List<ResourceType> register(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    List<ResourceType> added = new ArrayList<>();
    unregister(crd);
    for (JsonNode v : spec.path("versions")) {
      if (!v.path("served").asBoolean(true)) {
        continue;
      }
      List<ResourceType.PrinterColumn> columns = new ArrayList<>();
      for (JsonNode c : v.path("additionalPrinterColumns")) {
        columns.add(new ResourceType.PrinterColumn(c.path("name").asText(), c.path("type").asText("string"),
            c.path("format").asText(""), c.path("description").asText(""), c.path("priority").asInt(0),
            c.path("jsonPath").asText()));
      }
      List<String> shortNames = new ArrayList<>();
      names.path("shortNames").forEach(s -> shortNames.add(s.asText()));
      String kind = names.path("kind").asText();
      ResourceType type = new ResourceType(spec.path("group").asText(), v.path("name").asText(), kind,
          names.path("plural").asText(), names.path("singular").asText(kind.toLowerCase()),
          !"Cluster".equals(spec.path("scope").asText()), shortNames, v.path("subresources").has("status"), columns,
          v.path("schema").path("openAPIV3Schema"));
      add(type);
      added.add(type);
    }
    return added;
  }

  public void unregister(JsonNode crd) {
    String group = crd.path("spec").path("group").asText();
    String plural = crd.path("spec").path("names").path("plural").asText();
    byGroupVersionPlural.values().removeIf(t -> t.isCustom() && t.group().equals(group) && t.plural().equals(plural));
  }

  private static String key(String group, String version, String plural) {
    return group + "/" + version + "/" + plural;
  }
}
