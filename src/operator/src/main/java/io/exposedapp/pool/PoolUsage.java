package io.exposedapp.pool;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.exposedapp.allocation.Holder;
import io.exposedapp.allocation.PortsInUse;
import io.exposedapp.allocation.PortRange;

/**
 * How much of a pool's ranges is used, and by which namespaces, as a ledger of the cluster's nodePorts shows it.
 *
 * @param size ports in the ranges
 * @param used ports held by anyone
 * @param largestFreeBlock the most consecutive ports nobody holds (within one range)
 * @param byNamespace ports held per namespace (a port held by holders of two namespaces counts for each)
 */
public record PoolUsage(int size, int used, int largestFreeBlock, Map<String, Integer> byNamespace) {

  public PoolUsage {
    byNamespace = Map.copyOf(byNamespace);
  }

  public int free() {
    return size - used;
  }

  /** The usage of these ranges. */
  public static PoolUsage of(List<PortRange> ranges, PortsInUse ledger) {
    int size = 0;
    int used = 0;
    int largestFree = 0;
    Map<String, Integer> byNamespace = new TreeMap<>();
    for (PortRange range : ranges) {
      size += range.size();
      int[] previousUsed = {range.start() - 1};
      int[] counts = {0, 0};
      ledger.forEachUsed(range, (holders, port) -> {
        counts[0]++;
        counts[1] = Math.max(counts[1], port - previousUsed[0] - 1);
        previousUsed[0] = port;
        holders.stream().map(Holder::namespace).distinct().forEach(ns -> byNamespace.merge(ns, 1, Integer::sum));
      });
      used += counts[0];
      largestFree = Math.max(largestFree, Math.max(counts[1], range.end() - previousUsed[0]));
    }
    return new PoolUsage(size, used, largestFree, byNamespace);
  }

  /** Ports of these ranges held by a Service or ExposedApp of {@code namespace}: what its quota counts. */
  public static int heldBy(String namespace, List<PortRange> ranges, PortsInUse ledger) {
    int[] held = {0};
    for (PortRange range : ranges) {
      ledger.forEachUsed(range, (holders, port) -> {
        if (holders.stream().anyMatch(h -> namespace.equals(h.namespace()))) {
          held[0]++;
        }
      });
    }
    return held[0];
  }
}
