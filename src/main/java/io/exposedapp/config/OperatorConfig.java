package io.exposedapp.config;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.exposedapp.allocation.PortRange;
import io.exposedapp.api.AlbScheme;

/**
 * The operator's configuration, parsed once at startup from environment variables (the public API documented in
 * README.md) and immutable afterwards. Invalid values fail startup with a message naming the variable.
 *
 * @param nodePortRange where nodePorts are allocated; must match (or lie within) the cluster's
 *        {@code --service-node-port-range}
 * @param watchedNamespaces namespaces whose ExposedApps are reconciled; empty means all
 * @param ingress what an ingress section gets when it does not set class or scheme
 */
public record OperatorConfig(PortRange nodePortRange, Set<String> watchedNamespaces, IngressDefaults ingress) {

  public static final String NODE_PORT_RANGE = "EXPOSEDAPP_NODE_PORT_RANGE";
  public static final String WATCH_NAMESPACES = "EXPOSEDAPP_WATCH_NAMESPACES";
  public static final String DEFAULT_INGRESS_CLASS = "EXPOSEDAPP_DEFAULT_INGRESS_CLASS";
  public static final String DEFAULT_SCHEME = "EXPOSEDAPP_DEFAULT_SCHEME";

  public static final String DEFAULT_NODE_PORT_RANGE = "30000-32767";

  public OperatorConfig {
    watchedNamespaces = Set.copyOf(watchedNamespaces);
  }

  public static OperatorConfig defaults() {
    return fromEnvironment(Map.of());
  }

  /** Parses the configuration; throws {@link IllegalArgumentException} naming the variable at fault. */
  public static OperatorConfig fromEnvironment(Map<String, String> env) {
    PortRange range;
    String rawRange = env.getOrDefault(NODE_PORT_RANGE, DEFAULT_NODE_PORT_RANGE);
    try {
      range = PortRange.parse(rawRange.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(NODE_PORT_RANGE + "=" + rawRange + ": " + e.getMessage(), e);
    }
    Set<String> namespaces = Arrays.stream(env.getOrDefault(WATCH_NAMESPACES, "").split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
    String className = env.getOrDefault(DEFAULT_INGRESS_CLASS, IngressDefaults.AWS.className()).trim();
    if (className.isEmpty()) {
      throw new IllegalArgumentException(DEFAULT_INGRESS_CLASS + " must not be empty");
    }
    String rawScheme = env.getOrDefault(DEFAULT_SCHEME, IngressDefaults.AWS.scheme().value()).trim();
    AlbScheme scheme = Arrays.stream(AlbScheme.values()).filter(s -> s.value().equals(rawScheme)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(DEFAULT_SCHEME + "=" + rawScheme
            + ": must be internet-facing or internal"));
    return new OperatorConfig(range, namespaces, new IngressDefaults(className, scheme));
  }

  public boolean watchesAllNamespaces() {
    return watchedNamespaces.isEmpty();
  }
}
