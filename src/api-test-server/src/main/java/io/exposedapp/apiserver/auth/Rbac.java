package io.exposedapp.apiserver.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exposedapp.apiserver.api.ApiException;
import io.exposedapp.apiserver.api.ApiRequest;
import io.exposedapp.apiserver.storage.ObjectStore;

/**
 * kube-apiserver's RBAC authorizer over the Roles, ClusterRoles and their bindings in the store, plus the bootstrap
 * policy every cluster has for authenticated users (system:basic-user, system:discovery, system:public-info-viewer).
 * Answers the authorization of each request (403 with the real message when denied) and the self-subject reviews.
 * Members of {@code system:masters} may do everything, as on the real server.
 *
 * <p>Not emulated: ClusterRole aggregation rules, and escalation checks on writes of RBAC objects.
 */
public final class Rbac {

  private static final String GROUP = "rbac.authorization.k8s.io";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** What every authenticated user may do, from kube-apiserver's bootstrap ClusterRoles. */
  private static final List<Rule> AUTHENTICATED = List.of(
      Rule.resources(List.of("create"), List.of("authorization.k8s.io"),
          List.of("selfsubjectaccessreviews", "selfsubjectrulesreviews")),
      Rule.nonResource(List.of("get"), List.of("/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez",
          "/openapi", "/openapi/*", "/readyz", "/version", "/version/")));

  /** Who a request authenticated as. */
  public record User(String name, List<String> groups) {

    /** What a request without credentials is on this server: an administrator (tests, kubectl, the embedded run). */
    public static final User ADMIN = new User("system:admin", List.of("system:masters", "system:authenticated"));

    public static User serviceAccount(String namespace, String name) {
      return new User("system:serviceaccount:" + namespace + ":" + name, List.of("system:serviceaccounts",
          "system:serviceaccounts:" + namespace, "system:authenticated"));
    }

    boolean isAdmin() {
      return groups.contains("system:masters");
    }
  }

  /**
   * What is asked: a resource request (group, resource, subresource, namespace, name) or a non-resource path.
   */
  public record Attributes(String verb, String group, String resource, String subresource, String namespace, String name,
      String path) {

    boolean isResourceRequest() {
      return resource != null;
    }

    /** The attributes of an HTTP request. */
    public static Attributes of(String method, String uri, Optional<ApiRequest> parsed) {
      if (parsed.isEmpty()) {
        int q = uri.indexOf('?');
        return new Attributes(method.toLowerCase(), null, null, null, null, null, q < 0 ? uri : uri.substring(0, q));
      }
      ApiRequest r = parsed.get();
      String verb = switch (method) {
        case "GET", "HEAD" -> r.name() != null ? "get" : r.isWatch() ? "watch" : "list";
        case "POST" -> "create";
        case "PUT" -> "update";
        case "PATCH" -> "patch";
        case "DELETE" -> r.name() != null ? "delete" : "deletecollection";
        default -> method.toLowerCase();
      };
      return new Attributes(verb, r.group(), r.plural(), r.subresource(), r.namespace(), r.name(), null);
    }

    public Attributes withVerb(String otherVerb) {
      return new Attributes(otherVerb, group, resource, subresource, namespace, name, path);
    }
  }

  /** One PolicyRule. */
  public record Rule(List<String> verbs, List<String> apiGroups, List<String> resources, List<String> resourceNames,
      List<String> nonResourceUrls) {

    public static Rule resources(List<String> verbs, List<String> apiGroups, List<String> resources) {
      return new Rule(verbs, apiGroups, resources, List.of(), List.of());
    }

    public static Rule nonResource(List<String> verbs, List<String> urls) {
      return new Rule(verbs, List.of(), List.of(), List.of(), urls);
    }

    public static Rule of(JsonNode rule) {
      return new Rule(texts(rule.path("verbs")), texts(rule.path("apiGroups")), texts(rule.path("resources")),
          texts(rule.path("resourceNames")), texts(rule.path("nonResourceURLs")));
    }

    boolean allows(Attributes a) {
      if (!verbs.contains("*") && !verbs.contains(a.verb())) {
        return false;
      }
      if (!a.isResourceRequest()) {
        return nonResourceUrls.stream().anyMatch(u -> u.equals("*") || u.equals(a.path())
            || u.endsWith("*") && a.path().startsWith(u.substring(0, u.length() - 1)));
      }
      if (!apiGroups.contains("*") && !apiGroups.contains(a.group())) {
        return false;
      }
      String combined = a.subresource() == null ? a.resource() : a.resource() + "/" + a.subresource();
      boolean resourceMatches = resources.stream().anyMatch(r -> r.equals("*") || r.equals(combined)
          || a.subresource() != null && r.equals("*/" + a.subresource()));
      return resourceMatches && (resourceNames.isEmpty() || a.name() != null && resourceNames.contains(a.name()));
    }

    public ObjectNode toJson() {
      ObjectNode rule = NODES.objectNode();
      rule.set("verbs", array(verbs));
      if (nonResourceUrls.isEmpty()) {
        rule.set("apiGroups", array(apiGroups));
        rule.set("resources", array(resources));
        if (!resourceNames.isEmpty()) {
          rule.set("resourceNames", array(resourceNames));
        }
      } else {
        rule.set("nonResourceURLs", array(nonResourceUrls));
      }
      return rule;
    }
  }

  private final ObjectStore store;

  public Rbac(ObjectStore store) {
    this.store = store;
  }

  public boolean allows(User user, Attributes attributes) {
    return user.isAdmin() || rulesFor(user, attributes.namespace()).stream().anyMatch(r -> r.allows(attributes));
  }

  /** The 403 kube-apiserver answers when {@link #allows} is false. */
  public static ApiException forbidden(User user, Attributes a) {
    if (!a.isResourceRequest()) {
      return new ApiException(403, "Forbidden", "forbidden: User \"" + user.name() + "\" cannot " + a.verb()
          + " path \"" + a.path() + "\"", null, null, List.of());
    }
    String resource = a.subresource() == null ? a.resource() : a.resource() + "/" + a.subresource();
    String scope = a.namespace() != null ? "in the namespace \"" + a.namespace() + "\"" : "at the cluster scope";
    String why = "User \"" + user.name() + "\" cannot " + a.verb() + " resource \"" + resource + "\" in API group \""
        + a.group() + "\" " + scope;
    return ApiException.forbidden(a.group(), a.resource(), a.name(), why);
  }

  /** The status of a SelfSubjectRulesReview for the namespace. */
  public ObjectNode rulesReview(User user, String namespace) {
    ObjectNode status = NODES.objectNode();
    ArrayNode resourceRules = status.putArray("resourceRules");
    ArrayNode nonResourceRules = status.putArray("nonResourceRules");
    List<Rule> rules = user.isAdmin()
        ? List.of(Rule.resources(List.of("*"), List.of("*"), List.of("*")), Rule.nonResource(List.of("*"),
            List.of("*")))
        : rulesFor(user, namespace);
    for (Rule rule : rules) {
      (rule.nonResourceUrls().isEmpty() ? resourceRules : nonResourceRules).add(rule.toJson());
    }
    status.put("incomplete", false);
    return status;
  }

  /** The status of a SelfSubjectAccessReview. */
  public ObjectNode accessReview(User user, JsonNode spec) {
    JsonNode r = spec.path("resourceAttributes");
    JsonNode n = spec.path("nonResourceAttributes");
    Attributes asked = r.isObject()
        ? new Attributes(r.path("verb").asText(), r.path("group").asText(""), r.path("resource").asText(),
            emptyToNull(r.path("subresource").asText("")), emptyToNull(r.path("namespace").asText("")),
            emptyToNull(r.path("name").asText("")), null)
        : new Attributes(n.path("verb").asText(), null, null, null, null, null, n.path("path").asText());
    ObjectNode status = NODES.objectNode();
    status.put("allowed", allows(user, asked));
    return status;
  }

  /** Every rule that applies to the user in the namespace (null: cluster-wide rules only). */
  private List<Rule> rulesFor(User user, String namespace) {
    List<Rule> rules = new ArrayList<>(AUTHENTICATED);
    for (ObjectNode binding : store.list("clusterrolebindings." + GROUP, null)) {
      if (bindsUser(binding, user)) {
        rules.addAll(roleRules("ClusterRole", binding.path("roleRef").path("name").asText(), null));
      }
    }
    if (namespace != null) {
      for (ObjectNode binding : store.list("rolebindings." + GROUP, namespace)) {
        if (bindsUser(binding, user)) {
          rules.addAll(roleRules(binding.path("roleRef").path("kind").asText(),
              binding.path("roleRef").path("name").asText(), namespace));
        }
      }
    }
    return rules;
  }

  private List<Rule> roleRules(String kind, String name, String namespace) {
    ObjectNode role = kind.equals("ClusterRole") ? store.get("clusterroles." + GROUP, null, name)
        : store.get("roles." + GROUP, namespace, name);
    List<Rule> rules = new ArrayList<>();
    if (role != null) {
      role.path("rules").forEach(rule -> rules.add(Rule.of(rule)));
    }
    return rules;
  }

  private static boolean bindsUser(JsonNode binding, User user) {
    for (JsonNode subject : binding.path("subjects")) {
      String kind = subject.path("kind").asText();
      String name = subject.path("name").asText();
      boolean matches = switch (kind) {
        case "User" -> user.name().equals(name);
        case "Group" -> user.groups().contains(name);
        case "ServiceAccount" -> user.name().equals("system:serviceaccount:" + subject.path("namespace").asText()
            + ":" + name);
        default -> false;
      };
      if (matches) {
        return true;
      }
    }
    return false;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(t -> texts.add(t.asText()));
    return texts;
  }

  private static ArrayNode array(List<String> texts) {
    ArrayNode array = NODES.arrayNode();
    texts.forEach(array::add);
    return array;
  }

  private static String emptyToNull(String text) {
    return text.isEmpty() ? null : text;
  }
}
