package io.exposedapp.apiserver.admission;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.exposedapp.apiserver.api.ApiException;
import io.exposedapp.apiserver.storage.ObjectStore;

/**
 * kube-apiserver's ResourceQuota admission for Services: {@code services}, {@code services.nodeports} and
 * {@code services.loadbalancers} (also as {@code count/services}). A write that would take a namespace past a quota's
 * {@code spec.hard} is refused with the real 403 "exceeded quota" message.
 *
 * <p>The real admission adds the request to {@code status.used}, which kube-controller-manager's quota controller
 * keeps up to date (and refuses everything while a quota has no status yet). This server runs no controller: it
 * counts the stored Services of the namespace instead, which is what the controller converges to, and leaves the
 * quota's status as it is.
 */
public final class ResourceQuota implements AdmissionPlugin {

  public static final String RESOURCE_QUOTAS = "resourcequotas";

  private final ObjectStore store;

  public ResourceQuota(ObjectStore store) {
    this.store = store;
  }

  /** Last of the validating plugins, as in kube-apiserver: only a write every other plugin admits is counted. */
  @Override
  public void validate(Attributes attributes) {
    if (!attributes.is("", "services")) {
      return;
    }
    String namespace = attributes.namespace();
    admit(attributes.oldObject(), attributes.object(), store.list(RESOURCE_QUOTAS, namespace),
        store.list(attributes.type().storeKey(), namespace));
  }

  /** Refuses the write of {@code svc} (replacing {@code before}, null on create) if it exceeds a quota. */
  static void admit(ObjectNode before, ObjectNode svc, List<ObjectNode> quotas, List<ObjectNode> namespaceServices) {
    if (quotas.isEmpty()) {
      return;
    }
    Map<String, Long> requested = usage(svc);
    usage(before).forEach((resource, old) -> requested.merge(resource, -old, Long::sum));
    requested.values().removeIf(v -> v <= 0);
    if (requested.isEmpty()) {
      return;
    }
    Map<String, Long> used = new LinkedHashMap<>();
    namespaceServices.forEach(s -> usage(s).forEach((resource, n) -> used.merge(resource, n, Long::sum)));
    for (ObjectNode quota : quotas) {
      Map<String, Long> hard = new TreeMap<>();
      quota.path("spec").path("hard").fields().forEachRemaining(e -> hard.put(e.getKey(), quantity(e.getValue())));
      List<String> exceeded = new ArrayList<>();
      for (var limit : hard.entrySet()) {
        long request = requested.getOrDefault(limit.getKey(), 0L);
        if (request > 0 && used.getOrDefault(limit.getKey(), 0L) + request > limit.getValue()) {
          exceeded.add(limit.getKey());
        }
      }
      if (!exceeded.isEmpty()) {
        throw ApiException.forbidden("", "services", svc.path("metadata").path("name").asText(),
            "exceeded quota: " + quota.path("metadata").path("name").asText()
                + ", requested: " + pretty(exceeded, requested) + ", used: " + pretty(exceeded, used)
                + ", limited: " + pretty(exceeded, hard));
      }
    }
  }

  /** What one Service counts against quotas (kube-apiserver's service evaluator). */
  private static Map<String, Long> usage(JsonNode svc) {
    Map<String, Long> usage = new LinkedHashMap<>();
    if (svc == null) {
      return usage;
    }
    usage.put("services", 1L);
    usage.put("count/services", 1L);
    String type = svc.path("spec").path("type").asText("ClusterIP");
    long ports = svc.path("spec").path("ports").size();
    if (type.equals("NodePort")) {
      usage.put("services.nodeports", ports);
    } else if (type.equals("LoadBalancer")) {
      usage.put("services.loadbalancers", 1L);
      if (svc.path("spec").path("allocateLoadBalancerNodePorts").asBoolean(true)) {
        usage.put("services.nodeports", ports);
      }
    }
    return usage;
  }

  private static long quantity(JsonNode value) {
    String text = value.asText();
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("quantity " + text + " is not an integer (the API test server counts objects)");
    }
  }

  /** kube-apiserver's prettyPrint of a resource list, masked to the resources exceeded: sorted name=value pairs. */
  private static String pretty(List<String> resources, Map<String, Long> values) {
    return resources.stream().sorted().map(r -> r + "=" + values.getOrDefault(r, 0L))
        .collect(Collectors.joining(","));
  }
}
