package io.exposedapp.pool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.exposedapp.allocation.PortRange;
import io.exposedapp.api.NodePortPoolSpec;

/**
 * The cluster's NodePortPools, checked once against the cluster's nodePort range and against each other, and the rule
 * that says which of them an app draws new nodePorts from. Built from the pool informer's cache for every plan (there
 * are few pools).
 *
 * <p>A pool whose ranges cannot be read, lie outside the cluster's range, overlap each other or overlap a pool created
 * before it is invalid: it allocates nothing new until fixed, and the other pools are unaffected (a pool applied by
 * mistake over a live one never stops the live one). Ports already held are never a question of
 * selection: the allocator keeps them wherever they lie.
 */
public final class Pools {

  /** A valid pool: its ranges in ascending order. */
  public record Pool(String name, List<PortRange> ranges, NodePortPoolSpec spec) {

    public int size() {
      return ranges.stream().mapToInt(PortRange::size).sum();
    }

    public boolean contains(int port) {
      return ranges.stream().anyMatch(r -> r.contains(port));
    }

    @Override
    public String toString() {
      return "NodePortPool " + name + " (" + ranges.stream().map(PortRange::toString)
          .collect(Collectors.joining(",")) + ")";
    }
  }

  /** Why a pool allocates nothing new; {@code reason} is for its condition. */
  public record Invalid(String name, String reason, String message) {
  }

  /** Condition reasons of an invalid pool. */
  public static final String INVALID_RANGES = "InvalidRanges";
  public static final String OUTSIDE_CLUSTER_RANGE = "OutsideClusterRange";
  public static final String OVERLAP = "Overlap";

  /** Where an app's new nodePorts come from. */
  public sealed interface Selection {

    /** No NodePortPool exists: the operator's whole range, as before pools. */
    record ClusterRange(PortRange range) implements Selection {
    }

    /** These pools, in the order they are drawn from. */
    record Drawn(List<Pool> pools) implements Selection {
    }

    /** No pool may give this app a new port; {@code reason} is for the app's PortsAllocated condition. */
    record Refused(String reason, String message) implements Selection {
    }
  }

  /** Reasons an app gets no pool. */
  public static final String POOL_NOT_FOUND = "PoolNotFound";
  public static final String POOL_NOT_ALLOWED = "PoolNotAllowed";
  public static final String POOL_INVALID = "PoolInvalid";
  public static final String NO_POOL = "NoPool";
  /** The app's namespace is not known yet: its labels, and so its pools, are not either. A wait, not an error. */
  public static final String NAMESPACE_PENDING = "NamespacePending";

  private final PortRange clusterRange;
  private final Map<String, NodePortPoolSpec> specs;
  private final Map<String, Pool> valid = new TreeMap<>();
  private final Map<String, Invalid> invalid = new TreeMap<>();

  private Pools(PortRange clusterRange, Map<String, NodePortPoolSpec> specs) {
    this.clusterRange = clusterRange;
    this.specs = new LinkedHashMap<>(specs);
    Map<String, List<PortRange>> earlier = new LinkedHashMap<>();
    this.specs.forEach((name, spec) -> read(name, spec).ifPresent(ranges -> {
      Optional<String> overlap = overlap(ranges, earlier);
      if (overlap.isPresent()) {
        invalid.put(name, new Invalid(name, OVERLAP, overlap.get()));
      } else {
        valid.put(name, new Pool(name, ranges, spec));
        earlier.put(name, ranges);
      }
    }));
  }

  /**
   * The pools by name, in the order they were created (an earlier pool wins an overlap), against the operator's
   * nodePort range.
   */
  public static Pools of(Map<String, NodePortPoolSpec> specs, PortRange clusterRange) {
    return new Pools(clusterRange, specs);
  }

  public Map<String, Pool> valid() {
    return java.util.Collections.unmodifiableMap(valid);
  }

  public Map<String, Invalid> invalid() {
    return java.util.Collections.unmodifiableMap(invalid);
  }

  /**
   * The pools an app of {@code namespace} (with these labels) draws new nodePorts from: the pool it names, else the
   * pools that select its namespace by priority (then name), else the default pools; with no pool at all, the
   * cluster's range.
   *
   * @param namespaceLabels the namespace's labels; empty when the namespace is not known yet, which refuses new ports
   *        for now ({@link #NAMESPACE_PENDING}) rather than draw them from pools chosen without its labels (a port,
   *        once drawn, never moves)
   * @param requestedPool {@code spec.pool}, or null
   */
  public Selection select(String namespace, Optional<Map<String, String>> namespaceLabels, String requestedPool) {
    if (specs.isEmpty()) {
      return new Selection.ClusterRange(clusterRange);
    }
    if (namespaceLabels.isEmpty()) {
      return new Selection.Refused(NAMESPACE_PENDING, "namespace " + namespace + " is not known to the operator yet; "
          + "its labels decide which NodePortPools the app draws from");
    }
    return select(namespace, namespaceLabels.get(), requestedPool);
  }

  private Selection select(String namespace, Map<String, String> namespaceLabels, String requestedPool) {
    List<String> selecting = specs.entrySet().stream()
        .filter(e -> NamespaceSelectors.matches(e.getValue().namespaceSelector(), namespaceLabels))
        .map(Map.Entry::getKey).toList();
    List<String> allowed = selecting.isEmpty()
        ? specs.entrySet().stream().filter(e -> e.getValue().servesUnselectedNamespaces()).map(Map.Entry::getKey)
            .toList()
        : selecting;
    if (requestedPool != null) {
      if (!specs.containsKey(requestedPool)) {
        return new Selection.Refused(POOL_NOT_FOUND, "spec.pool: NodePortPool " + requestedPool + " does not exist");
      }
      if (!allowed.contains(requestedPool)) {
        return new Selection.Refused(POOL_NOT_ALLOWED, "spec.pool: NodePortPool " + requestedPool + " does not "
            + "serve namespace " + namespace + (allowed.isEmpty() ? "" : "; it may use " + String.join(", ", allowed)));
      }
      allowed = List.of(requestedPool);
    }
    if (allowed.isEmpty()) {
      return new Selection.Refused(NO_POOL, "no NodePortPool selects namespace " + namespace
          + " and none is marked default");
    }
    List<Pool> pools = allowed.stream().filter(valid::containsKey).map(valid::get)
        .sorted(Comparator.comparingInt((Pool p) -> p.spec().effectivePriority()).thenComparing(Pool::name))
        .toList();
    if (pools.isEmpty()) {
      return new Selection.Refused(POOL_INVALID, allowed.stream().map(invalid::get)
          .map(i -> "NodePortPool " + i.name() + " allocates nothing new: " + i.message())
          .collect(Collectors.joining("; ")));
    }
    return new Selection.Drawn(pools);
  }

  /** The ranges, ascending, or empty with the pool recorded as invalid. */
  private Optional<List<PortRange>> read(String name, NodePortPoolSpec spec) {
    if (spec.ranges() == null || spec.ranges().isEmpty()) {
      invalid.put(name, new Invalid(name, INVALID_RANGES, "spec.ranges is empty"));
      return Optional.empty();
    }
    List<PortRange> ranges = new ArrayList<>();
    for (String text : spec.ranges()) {
      PortRange range;
      try {
        range = PortRange.parse(text);
      } catch (IllegalArgumentException e) {
        invalid.put(name, new Invalid(name, INVALID_RANGES, "spec.ranges: " + e.getMessage()));
        return Optional.empty();
      }
      if (range.start() < clusterRange.start() || range.end() > clusterRange.end()) {
        invalid.put(name, new Invalid(name, OUTSIDE_CLUSTER_RANGE, "spec.ranges: " + range
            + " is outside the cluster's nodePort range " + clusterRange));
        return Optional.empty();
      }
      ranges.add(range);
    }
    ranges.sort(Comparator.comparingInt(PortRange::start));
    return Optional.of(List.copyOf(ranges));
  }

  /** The first overlap of these ranges with each other or with an earlier valid pool's, said for the condition. */
  private static Optional<String> overlap(List<PortRange> ranges, Map<String, List<PortRange>> earlier) {
    for (int i = 0; i < ranges.size(); i++) {
      for (int j = i + 1; j < ranges.size(); j++) {
        if (overlaps(ranges.get(i), ranges.get(j))) {
          return Optional.of("spec.ranges: " + ranges.get(i) + " overlaps " + ranges.get(j));
        }
      }
    }
    for (Map.Entry<String, List<PortRange>> other : earlier.entrySet()) {
      for (PortRange mine : ranges) {
        for (PortRange theirs : other.getValue()) {
          if (overlaps(mine, theirs)) {
            return Optional.of("spec.ranges: " + mine + " overlaps NodePortPool " + other.getKey() + "'s " + theirs
                + ", created before it");
          }
        }
      }
    }
    return Optional.empty();
  }

  private static boolean overlaps(PortRange a, PortRange b) {
    return a.start() <= b.end() && b.start() <= a.end();
  }
}
