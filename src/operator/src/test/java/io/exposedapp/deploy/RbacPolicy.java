package io.exposedapp.deploy;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;

/**
 * What the operator's ServiceAccount may do according to the RBAC manifests in {@code deploy/}: an offline evaluator of
 * Kubernetes RBAC for exactly one subject, the ServiceAccount the Deployment runs as, in the namespace of
 * {@code kustomization.yaml}.
 *
 * <p>A ClusterRole counts only through a ClusterRoleBinding (everywhere) or a RoleBinding (in the binding's namespace)
 * whose subjects name that ServiceAccount in that namespace; a Role only through a RoleBinding, in the operator
 * namespace (kustomize puts every namespaced object there). Rule matching is the API server's: {@code *} in
 * apiGroups, resources and verbs, {@code resource/subresource}, {@code * /subresource}. Rules with
 * {@code resourceNames} are rejected when loading (not modelled: requests here carry no name), so are bindings to
 * roles that are not in {@code deploy/} (on a real cluster they would silently grant nothing).
 *
 * <p>Typical use with a recorded request log:
 *
 * <pre>{@code
 * RbacPolicy policy = RbacPolicy.load();
 * List<RbacPolicy.Grant> requests = log.stream()
 *     .flatMap(r -> RbacPolicy.fromRequest(r.method(), r.uri()).stream()).toList();
 * assertThat(policy.denied(requests)).as("requests RBAC would forbid").isEmpty();
 * assertThat(policy.unused(requests)).as("grants never used").isEmpty();   // least privilege
 * }</pre>
 */
public final class RbacPolicy {

  /**
   * One permission, or one request mapped to the permission it needs: {@code verb} on {@code resource} (plural,
   * {@code resource/subresource} for subresources) of {@code apiGroup} ({@code ""} for the core group), in
   * {@code namespace}, or cluster-wide when {@code namespace} is {@code null} (cluster-scoped objects, and requests
   * across all namespaces such as {@code GET /api/v1/services}).
   */
  public record Grant(String apiGroup, String resource, String verb, String namespace) {

    public Grant {
      Objects.requireNonNull(apiGroup, "apiGroup");
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(verb, "verb");
    }

    public static Grant clusterWide(String apiGroup, String resource, String verb) {
      return new Grant(apiGroup, resource, verb, null);
    }

    public static Grant inNamespace(String namespace, String apiGroup, String resource, String verb) {
      return new Grant(apiGroup, resource, verb, Objects.requireNonNull(namespace, "namespace"));
    }

    public boolean isClusterWide() {
      return namespace == null;
    }

    /** Whether this grant, as a permission, covers {@code request}: same group, resource and verb, and scope. */
    public boolean covers(Grant request) {
      return apiGroup.equals(request.apiGroup) && resource.equals(request.resource) && verb.equals(request.verb)
          && (namespace == null || namespace.equals(request.namespace));
    }

    @Override
    public String toString() {
      return verb + " " + (apiGroup.isEmpty() ? "" : apiGroup + "/") + resource
          + (namespace == null ? " (cluster-wide)" : " in " + namespace);
    }
  }

  private static final Comparator<Grant> ORDER = Comparator
      .comparing((Grant g) -> g.namespace() == null ? "" : g.namespace())
      .thenComparing(Grant::apiGroup)
      .thenComparing(Grant::resource)
      .thenComparing(Grant::verb);

  /** Namespace subresources: {@code /api/v1/namespaces/<name>/status} is the namespace's status, not a resource. */
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  private record Scoped(PolicyRule rule, String namespace) {
  }

  private final String namespace;
  private final String serviceAccount;
  private final List<Scoped> rules;

  private RbacPolicy(String namespace, String serviceAccount, List<Scoped> rules) {
    this.namespace = namespace;
    this.serviceAccount = serviceAccount;
    this.rules = List.copyOf(rules);
  }

  /** The policy of {@code deploy/}. */
  public static RbacPolicy load() {
    return load(DeployManifests.load());
  }

  /** The policy of the kustomization in {@code deployDir} (for other checkouts or overlays without patches). */
  public static RbacPolicy load(Path deployDir) {
    return load(DeployManifests.in(deployDir));
  }

  static RbacPolicy load(DeployManifests manifests) {
    String serviceAccount = manifests.deployment().getSpec().getTemplate().getSpec().getServiceAccountName();
    if (serviceAccount == null || serviceAccount.isEmpty()) {
      throw new IllegalStateException("the Deployment sets no serviceAccountName; it would run as 'default'");
    }
    return of(manifests.namespace(), serviceAccount, manifests.all(ClusterRole.class), manifests.all(Role.class),
        manifests.all(ClusterRoleBinding.class), manifests.all(RoleBinding.class));
  }

  /**
   * The policy for ServiceAccount {@code serviceAccount} in {@code namespace} from these objects; Roles and
   * RoleBindings are taken to be in {@code namespace} whatever their metadata says (as kustomize's
   * {@code namespace:} makes them).
   */
  public static RbacPolicy of(String namespace, String serviceAccount, Collection<ClusterRole> clusterRoles,
      Collection<Role> roles, Collection<ClusterRoleBinding> clusterRoleBindings,
      Collection<RoleBinding> roleBindings) {
    List<Scoped> rules = new ArrayList<>();
    for (ClusterRoleBinding binding : clusterRoleBindings) {
      if (!bindsServiceAccount(binding.getSubjects(), namespace, serviceAccount)) {
        continue;
      }
      RoleRef ref = binding.getRoleRef();
      if (!"ClusterRole".equals(ref.getKind())) {
        throw new IllegalStateException("ClusterRoleBinding " + binding.getMetadata().getName()
            + " refers to a " + ref.getKind() + "; a ClusterRoleBinding can only refer to a ClusterRole");
      }
      clusterRole(clusterRoles, ref, "ClusterRoleBinding " + binding.getMetadata().getName())
          .getRules().forEach(rule -> rules.add(new Scoped(checked(rule, ref.getName()), null)));
    }
    for (RoleBinding binding : roleBindings) {
      if (!bindsServiceAccount(binding.getSubjects(), namespace, serviceAccount)) {
        continue;
      }
      RoleRef ref = binding.getRoleRef();
      String where = "RoleBinding " + binding.getMetadata().getName();
      List<PolicyRule> bound = switch (String.valueOf(ref.getKind())) {
        case "Role" -> roles.stream().filter(r -> ref.getName().equals(r.getMetadata().getName())).findFirst()
            .orElseThrow(() -> new IllegalStateException(where + " refers to Role " + ref.getName()
                + ", which is not among the manifests"))
            .getRules();
        case "ClusterRole" -> clusterRole(clusterRoles, ref, where).getRules();
        default -> throw new IllegalStateException(where + " refers to a " + ref.getKind());
      };
      bound.forEach(rule -> rules.add(new Scoped(checked(rule, ref.getName()), namespace)));
    }
    return new RbacPolicy(namespace, serviceAccount, rules);
  }

  /** The operator's namespace, where the Role's rules apply. */
  public String namespace() {
    return namespace;
  }

  public String serviceAccount() {
    return serviceAccount;
  }

  /**
   * Whether the operator may {@code verb} {@code resource} ({@code "services"}, {@code "exposedapps/status"}) of
   * {@code apiGroup} ({@code ""} = core) in {@code namespace}, or cluster-wide ({@code null}: cluster-scoped objects
   * and requests across all namespaces).
   */
  public boolean allows(String apiGroup, String resource, String verb, String namespace) {
    return allows(new Grant(apiGroup, resource, verb, namespace));
  }

  public boolean allows(Grant request) {
    return rules.stream().anyMatch(s -> (s.namespace() == null || s.namespace().equals(request.namespace()))
        && matches(s.rule(), request));
  }

  /** The requests among {@code requests} that RBAC would forbid, in their order, without duplicates. */
  public List<Grant> denied(Collection<Grant> requests) {
    return requests.stream().filter(r -> !allows(r)).distinct().toList();
  }

  /** The grants no request in {@code requests} needed (candidates for removal, for least privilege). */
  public Set<Grant> unused(Collection<Grant> requests) {
    Set<Grant> unused = new TreeSet<>(ORDER);
    for (Grant grant : grants()) {
      if (requests.stream().noneMatch(grant::covers)) {
        unused.add(grant);
      }
    }
    return unused;
  }

  /**
   * Every (apiGroup, resource, verb, scope) granted, wildcards left as {@code *}; sorted, cluster-wide first.
   */
  public Set<Grant> grants() {
    Set<Grant> grants = new TreeSet<>(ORDER);
    for (Scoped scoped : rules) {
      PolicyRule rule = scoped.rule();
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            grants.add(new Grant(group, resource, verb, scoped.namespace()));
          }
        }
      }
    }
    return grants;
  }

  /**
   * The permission an HTTP request to the Kubernetes API needs, following the API server's request-info rules:
   * {@code /api/v1/...} is the core group {@code ""}, {@code /apis/<group>/<version>/...} a named group; an optional
   * {@code namespaces/<ns>/} selects the namespace; then {@code <resource>[/<name>[/<subresource>]]}. Verbs: GET with
   * a name {@code get}, without {@code list}, with {@code watch=true} (or the legacy {@code /watch/} path)
   * {@code watch}; POST {@code create}; PUT {@code update}; PATCH {@code patch}; DELETE with a name {@code delete},
   * without {@code deletecollection}. Empty for non-resource URLs ({@code /version}, {@code /healthz},
   * {@code /openapi/...}) and discovery ({@code /api}, {@code /apis}, {@code /apis/<group>/<version>}).
   *
   * @param uri a path with optional query ({@code /api/v1/services?watch=true}) or an absolute URL
   */
  public static Optional<Grant> fromRequest(String method, String uri) {
    URI parsed = URI.create(uri);
    String path = Optional.ofNullable(parsed.getRawPath()).orElse("");
    String[] parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    String group;
    int rest;
    if (parts.length >= 1 && parts[0].equals("api")) {
      group = "";
      rest = 2; // api, version
    } else if (parts.length >= 1 && parts[0].equals("apis")) {
      group = parts.length > 1 ? parts[1] : "";
      rest = 3; // apis, group, version
    } else {
      return Optional.empty(); // /version, /healthz, /openapi/v3, /metrics, ...
    }
    if (parts.length <= rest) {
      return Optional.empty(); // discovery: /api, /api/v1, /apis, /apis/<group>, /apis/<group>/<version>
    }
    String verb = switch (method.toUpperCase(Locale.ROOT)) {
      case "GET", "HEAD" -> "get";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> null;
    };
    if (verb == null) {
      return Optional.empty();
    }
    List<String> segments = new ArrayList<>(Arrays.asList(parts).subList(rest, parts.length));
    boolean watchPath = false;
    if (segments.get(0).equals("watch") && verb.equals("get")) {
      watchPath = true; // deprecated /api/v1/watch/namespaces/x/services
      segments.remove(0);
      if (segments.isEmpty()) {
        return Optional.empty();
      }
    }
    String namespace = null;
    if (segments.get(0).equals("namespaces") && segments.size() > 1) {
      namespace = decode(segments.get(1));
      if (segments.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(segments.get(2))) {
        segments = segments.subList(2, segments.size());
      }
    }
    String resource = segments.get(0);
    String name = segments.size() > 1 ? segments.get(1) : null;
    if (segments.size() > 2) {
      resource = resource + "/" + segments.get(2);
    }
    if (name == null) {
      if (verb.equals("get")) {
        verb = watchPath || watchQuery(parsed.getRawQuery()) ? "watch" : "list";
      } else if (verb.equals("delete")) {
        verb = "deletecollection";
      }
    } else if (watchPath) {
      verb = "watch";
    }
    return Optional.of(new Grant(group, resource, verb, namespace));
  }

  private static boolean watchQuery(String rawQuery) {
    if (rawQuery == null) {
      return false;
    }
    for (String parameter : rawQuery.split("&")) {
      int eq = parameter.indexOf('=');
      String key = eq < 0 ? parameter : parameter.substring(0, eq);
      String value = eq < 0 ? "" : parameter.substring(eq + 1);
      if (key.equals("watch")) {
        // strconv.ParseBool, as the API server parses it
        return Set.of("1", "t", "T", "true", "TRUE", "True").contains(value);
      }
    }
    return false;
  }

  private static String decode(String segment) {
    return java.net.URLDecoder.decode(segment, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static boolean bindsServiceAccount(List<Subject> subjects, String namespace, String serviceAccount) {
    return subjects != null && subjects.stream().anyMatch(s -> "ServiceAccount".equals(s.getKind())
        && serviceAccount.equals(s.getName()) && namespace.equals(s.getNamespace()));
  }

  private static ClusterRole clusterRole(Collection<ClusterRole> clusterRoles, RoleRef ref, String where) {
    return clusterRoles.stream().filter(r -> ref.getName().equals(r.getMetadata().getName())).findFirst()
        .orElseThrow(() -> new IllegalStateException(where + " refers to ClusterRole " + ref.getName()
            + ", which is not among the manifests"));
  }

  private static PolicyRule checked(PolicyRule rule, String roleName) {
    if (rule.getResourceNames() != null && !rule.getResourceNames().isEmpty()) {
      throw new IllegalStateException("role " + roleName + " has a rule with resourceNames " + rule.getResourceNames()
          + "; RbacPolicy does not model resourceNames");
    }
    return rule;
  }

  private static boolean matches(PolicyRule rule, Grant request) {
    return contains(rule.getApiGroups(), request.apiGroup())
        && resourceMatches(rule.getResources(), request.resource())
        && contains(rule.getVerbs(), request.verb());
  }

  private static boolean contains(List<String> values, String wanted) {
    return values != null && (values.contains("*") || values.contains(wanted));
  }

  /** The API server's ResourceMatches: {@code *}, exact {@code resource[/subresource]}, or {@code * /subresource}. */
  private static boolean resourceMatches(List<String> ruleResources, String requested) {
    if (ruleResources == null) {
      return false;
    }
    int slash = requested.indexOf('/');
    String subresource = slash < 0 ? null : requested.substring(slash + 1);
    for (String ruleResource : ruleResources) {
      if (ruleResource.equals("*") || ruleResource.equals(requested)
          || (subresource != null && ruleResource.equals("*/" + subresource))) {
        return true;
      }
    }
    return false;
  }
}
