package io.exposedapp.config;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.exposedapp.allocation.PortRange;

/**
 * The operator's configuration, parsed once at startup from environment variables (the public API documented in
 * README.md) and immutable afterwards. Invalid values fail startup with a message naming the variable.
 *
 * @param nodePortRange where nodePorts are allocated; must match (or lie within) the cluster's
 *        {@code --service-node-port-range}
 * @param watchedNamespaces namespaces whose ExposedApps are reconciled; empty means all
 */
public record OperatorConfig(PortRange nodePortRange, Set<String> watchedNamespaces) {

  public static final String NODE_PORT_RANGE = "EXPOSEDAPP_NODE_PORT_RANGE";
  public static final String WATCH_NAMESPACES = "EXPOSEDAPP_WATCH_NAMESPACES";

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
    return new OperatorConfig(range, namespaces);
  }

  public boolean watchesAllNamespaces() {
    return watchedNamespaces.isEmpty();
  }
}
