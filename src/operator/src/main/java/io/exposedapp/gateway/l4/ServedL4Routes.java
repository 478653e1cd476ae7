package io.exposedapp.gateway.l4;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The newest version of each layer-4 route kind the cluster serves, found by discovery: Gateway API v1.6's
 * experimental channel serves TCPRoute and UDPRoute in {@code v1} and {@code v1alpha2}, TLSRoute in {@code v1} too;
 * older channels {@code v1alpha2} only. The API server converts between versions (one stored object), so writing the
 * newest is read by any controller, whichever version it watches.
 *
 * @param versions kind to the newest version served; a kind not served is absent
 */
public record ServedL4Routes(Map<L4RouteKind, String> versions) {

  /** The key under which they travel from the reconciler to the dependents' activation conditions. */
  public static final String CONTEXT_KEY = "exposedapp.l4Routes";
  public static final ServedL4Routes NONE = new ServedL4Routes(Map.of());

  public ServedL4Routes {
    versions = versions.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new EnumMap<>(versions));
  }

  /** Asks the API server (discovery needs no permission beyond being authenticated). */
  public static ServedL4Routes discover(KubernetesClient client) {
    Map<L4RouteKind, String> found = new EnumMap<>(L4RouteKind.class);
    for (String version : L4RouteKind.VERSIONS) {
      APIResourceList resources = client.getApiResources(L4Route.GROUP + "/" + version);
      Set<String> plurals = resources == null ? Set.of() : resources.getResources().stream()
          .map(APIResource::getName).collect(Collectors.toSet());
      for (L4RouteKind kind : L4RouteKind.values()) {
        if (plurals.contains(kind.plural())) {
          found.putIfAbsent(kind, version);
        }
      }
    }
    return new ServedL4Routes(found);
  }

  /** The newest version of {@code kind} served, if any. */
  public Optional<String> version(L4RouteKind kind) {
    return Optional.ofNullable(versions.get(kind));
  }

  /** Every kind is served (nothing left to look for). */
  public boolean complete() {
    return versions.keySet().containsAll(List.of(L4RouteKind.values()));
  }

  /** What is missing of {@code needed} and what to install; empty when everything needed is served. */
  public Optional<String> missing(Collection<L4RouteKind> needed) {
    List<String> missing = new ArrayList<>();
    for (L4RouteKind kind : L4RouteKind.values()) {
      if (needed.contains(kind) && !versions.containsKey(kind)) {
        missing.add(kind.kind());
      }
    }
    return missing.isEmpty() ? Optional.empty() : Optional.of("the cluster does not serve " + String.join(", ",
        missing) + " (" + L4Route.GROUP + ", Gateway API's experimental channel); install the experimental channel "
        + "(docs/nlb-gateway.md): the operator looks again every minute while an app waits, "
        + "no restart needed");
  }

  @Override
  public String toString() {
    return versions.isEmpty() ? "no layer-4 routes" : versions.entrySet().stream()
        .map(e -> e.getKey().kind() + " " + e.getValue()).collect(Collectors.joining(", "));
  }
}
