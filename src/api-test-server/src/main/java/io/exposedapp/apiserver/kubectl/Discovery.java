package io.exposedapp.apiserver.kubectl;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.exposedapp.apiserver.api.ResourceType;

/**
 * The legacy (unaggregated) discovery documents: {@code /api} (APIVersions), {@code /apis} (APIGroupList) and
 * {@code /api/v1}, {@code /apis/<group>/<version>} (APIResourceList).
 *
 * <p>Why legacy and not aggregated discovery ({@code apidiscovery.k8s.io/v2}): kubectl 1.32 asks for
 * {@code Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,...;v=v2beta1...,application/json}
 * and client-go's {@code DiscoveryClient.downloadLegacy/downloadAPIs} decide by the <em>response</em> Content-Type:
 * only a Content-Type naming {@code as=APIGroupDiscoveryList} is parsed as aggregated; a plain
 * {@code application/json} answer is parsed as APIVersions / APIGroupList and client-go then fetches each group
 * version's APIResourceList itself. So the dispatcher must answer these with {@code Content-Type: application/json}
 * (never echo the aggregated media type). Costs one extra request per group version, nothing else.
 */
public final class Discovery {

  /** Every verb the test server serves on a collection/object; advertised so kubectl never refuses a command. */
  public static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /** Verbs of a {@code /status} subresource, as the real server advertises them. */
  public static final List<String> STATUS_VERBS = List.of("get", "patch", "update");

  /**
   * Built-in kinds that the real server puts in the {@code all} category ({@code kubectl get all}); custom kinds
   * get none, because {@link ResourceType} carries no CRD {@code spec.names.categories}.
   */
  private static final Set<String> ALL_CATEGORY = Set.of(
      "/Pod", "/Service", "/ReplicationController", "apps/Deployment", "apps/ReplicaSet", "apps/StatefulSet",
      "apps/DaemonSet", "batch/Job", "batch/CronJob", "autoscaling/HorizontalPodAutoscaler");

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private Discovery() {
  }

  /** {@code GET /api}: the core group has exactly one version. */
  public static JsonNode coreVersions() {
    ObjectNode doc = JSON.objectNode();
    doc.put("kind", "APIVersions");
    doc.putArray("versions").add("v1");
    // Required by the type (no omitempty); a test server has no per-CIDR addresses to advertise.
    doc.putArray("serverAddressByClientCIDRs");
    return doc;
  }

  /** {@code GET /apis}: one entry per distinct non-core group, versions ordered by Kubernetes version priority. */
  public static JsonNode groupList(Collection<ResourceType> types) {
    Map<String, Set<String>> versionsByGroup = new TreeMap<>();
    for (ResourceType t : types) {
      if (!t.group().isEmpty()) {
        versionsByGroup.computeIfAbsent(t.group(), g -> new TreeSet<>(VERSION_PRIORITY)).add(t.version());
      }
    }
    ObjectNode doc = JSON.objectNode();
    doc.put("kind", "APIGroupList");
    doc.put("apiVersion", "v1");
    ArrayNode groups = doc.putArray("groups");
    versionsByGroup.forEach((group, versions) -> {
      ObjectNode g = groups.addObject();
      g.put("name", group);
      ArrayNode vs = g.putArray("versions");
      versions.forEach(v -> vs.add(groupVersionNode(group, v)));
      // Highest-priority version first, so it is the preferred one (what the real server does for CRDs too).
      g.set("preferredVersion", groupVersionNode(group, versions.iterator().next()));
    });
    return doc;
  }

  /**
   * {@code GET /api/v1} ({@code groupVersion = "v1"}) or {@code GET /apis/<g>/<v>} ({@code groupVersion = "g/v"}).
   * Empty when no served kind has that group version (the dispatcher answers 404, as the real server does).
   */
  public static Optional<JsonNode> resourceList(String groupVersion, Collection<ResourceType> types) {
    List<ResourceType> matching = types.stream()
        .filter(t -> t.apiVersion().equals(groupVersion))
        .sorted(Comparator.comparing(ResourceType::plural))
        .toList();
    if (matching.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode doc = JSON.objectNode();
    doc.put("kind", "APIResourceList");
    doc.put("apiVersion", "v1");
    doc.put("groupVersion", groupVersion);
    ArrayNode resources = doc.putArray("resources");
    for (ResourceType t : matching) {
      ObjectNode r = resources.addObject();
      r.put("name", t.plural());
      r.put("singularName", t.singular());
      r.put("namespaced", t.namespaced());
      r.put("kind", t.kind());
      ArrayNode verbs = r.putArray("verbs");
      VERBS.forEach(verbs::add);
      if (!t.shortNames().isEmpty()) {
        ArrayNode shortNames = r.putArray("shortNames");
        t.shortNames().forEach(shortNames::add);
      }
      if (!t.isCustom() && ALL_CATEGORY.contains(t.group() + "/" + t.kind())) {
        r.putArray("categories").add("all");
      }
      if (t.statusSubresource()) {
        ObjectNode s = resources.addObject();
        s.put("name", t.plural() + "/status");
        // The real server leaves singularName empty for subresources.
        s.put("singularName", "");
        s.put("namespaced", t.namespaced());
        s.put("kind", t.kind());
        ArrayNode verbs2 = s.putArray("verbs");
        STATUS_VERBS.forEach(verbs2::add);
      }
    }
    return Optional.of(doc);
  }

  private static ObjectNode groupVersionNode(String group, String version) {
    ObjectNode n = JSON.objectNode();
    n.put("groupVersion", group + "/" + version);
    n.put("version", version);
    return n;
  }

  private static final Pattern KUBE_VERSION = Pattern.compile("^v(\\d+)(?:(alpha|beta)(\\d+))?$");

  /**
   * Kubernetes version priority ({@code apimachinery version.CompareKubeAwareVersionStrings}): GA before beta before
   * alpha, higher numbers first, non-Kubernetes-looking versions last in lexical order. Highest priority sorts first.
   */
  static final Comparator<String> VERSION_PRIORITY = (a, b) -> {
    long[] ka = kubeVersionKey(a);
    long[] kb = kubeVersionKey(b);
    if (ka == null && kb == null) {
      return a.compareTo(b);
    }
    if (ka == null) {
      return 1;
    }
    if (kb == null) {
      return -1;
    }
    for (int i = 0; i < 3; i++) {
      if (ka[i] != kb[i]) {
        return Long.compare(kb[i], ka[i]);
      }
    }
    return 0;
  };

  /** {stability (GA=2, beta=1, alpha=0), major, minor}, or null for non-Kubernetes version strings. */
  private static long[] kubeVersionKey(String v) {
    Matcher m = KUBE_VERSION.matcher(v);
    if (!m.matches()) {
      return null;
    }
    long major = Long.parseLong(m.group(1));
    if (m.group(2) == null) {
      return new long[] {2, major, 0};
    }
    return new long[] {m.group(2).equals("beta") ? 1 : 0, major, Long.parseLong(m.group(3))};
  }
}
