package io.exposedapp.status;

import java.util.ArrayList;
import java.util.List;

import io.exposedapp.api.NodePortPool;
import io.exposedapp.api.NodePortPoolStatus;
import io.exposedapp.pool.PoolUsage;
import io.exposedapp.pool.Pools;
import io.fabric8.kubernetes.api.model.Condition;

/**
 * A NodePortPool's status from what the operator decided about it (valid or not, from {@link Pools}) and its usage:
 * pure, so that it is tested without a cluster and the status is patched only when it changed.
 */
public final class PoolStatusFactory {

  /** The pool's ranges are readable, inside the cluster's range and overlap no other pool. */
  public static final String VALID = "Valid";
  /** The pool has a nodePort nobody holds. */
  public static final String PORTS_AVAILABLE = "PortsAvailable";
  /** Reasons of PortsAvailable; Valid's are {@link Pools#OVERLAP} and its siblings, or {@link #VALID}. */
  public static final String PORTS_FREE = "PortsFree";
  public static final String EXHAUSTED = "NodePortPoolExhausted";
  public static final String NOT_VALID = "PoolNotValid";

  private final Conditions conditions;

  public PoolStatusFactory(Conditions conditions) {
    this.conditions = conditions;
  }

  /** The status of {@code pool} given all pools and its usage (absent when the pool is invalid). */
  public NodePortPoolStatus status(NodePortPool pool, Pools pools, PoolUsage usage) {
    String name = pool.getMetadata().getName();
    long generation = pool.getMetadata().getGeneration() == null ? 0 : pool.getMetadata().getGeneration();
    List<Condition> previous = pool.getStatus() == null || pool.getStatus().conditions() == null ? List.of()
        : pool.getStatus().conditions();
    String ranges = pool.getSpec() == null || pool.getSpec().ranges() == null ? null
        : String.join(",", pool.getSpec().ranges());
    Pools.Invalid invalid = pools.invalid().get(name);
    List<Condition> next;
    if (invalid != null || usage == null) {
      String reason = invalid == null ? Pools.INVALID_RANGES : invalid.reason();
      String message = (invalid == null ? "spec is missing" : invalid.message())
          + "; the pool allocates nothing new until this is fixed (nodePorts already held are kept)";
      next = conditions.set(previous, VALID, false, reason, message, generation);
      next = conditions.set(next, PORTS_AVAILABLE, false, NOT_VALID, "the pool is not valid", generation);
      return new NodePortPoolStatus(generation, ranges, 0, null, null, null, null, null, next);
    }
    next = conditions.set(previous, VALID, true, VALID, "the ranges lie in the cluster's nodePort range and overlap "
        + "no other NodePortPool", generation);
    next = usage.free() > 0
        ? conditions.set(next, PORTS_AVAILABLE, true, PORTS_FREE, usage.free() + " of " + usage.size()
            + " nodePorts free", generation)
        : conditions.set(next, PORTS_AVAILABLE, false, EXHAUSTED, "all " + usage.size() + " nodePorts are held; "
            + "apps that may draw only from this pool wait for one to be freed", generation);
    List<NodePortPoolStatus.NamespaceUsage> namespaces = new ArrayList<>();
    usage.byNamespace().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> namespaces.add(new NodePortPoolStatus.NamespaceUsage(e.getKey(), e.getValue())));
    return new NodePortPoolStatus(generation, ranges, usage.size(), usage.used(), usage.free(),
        usage.largestFreeBlock(), namespaces.size(), namespaces.isEmpty() ? null : namespaces, next);
  }

  /** The pool has just run out: PortsAvailable went from anything else to exhausted. */
  public static boolean becameExhausted(NodePortPoolStatus before, NodePortPoolStatus after) {
    boolean was = before != null && isExhausted(before.conditions());
    return !was && isExhausted(after.conditions());
  }

  private static boolean isExhausted(List<Condition> conditions) {
    return Conditions.find(conditions, PORTS_AVAILABLE).map(c -> EXHAUSTED.equals(c.getReason())).orElse(false);
  }
}
