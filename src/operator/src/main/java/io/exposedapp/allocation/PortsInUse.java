package io.exposedapp.allocation;

import java.util.List;
import java.util.function.ObjIntConsumer;
import java.util.function.Predicate;

/**
 * What the allocator and the pools' counts read of the ports in use: a {@link PortLedger}, or a ledger with a few more
 * holdings laid over it ({@link #plus}) without copying it.
 */
public interface PortsInUse {

  /** Holders of {@code port}, Services first, then by namespace and name; empty when the port is free. */
  List<Holder> holders(int port);

  boolean isUsed(int port);

  /** True if nobody holds the port, or everyone who does is ours (the app itself or its Service). */
  default boolean isFreeFor(int port, Predicate<Holder> isOurs) {
    return holders(port).stream().allMatch(isOurs);
  }

  /** Lowest port at or above {@code from} that nobody holds; may be above any range of interest. */
  int nextUnused(int from);

  /** Lowest used port at or above {@code from}; -1 if none. */
  int nextUsed(int from);

  /** Number of used ports inside {@code range}. */
  default int usedCount(PortRange range) {
    int count = 0;
    for (int port = nextUsed(range.start()); port >= 0 && port <= range.end(); port = nextUsed(port + 1)) {
      count++;
    }
    return count;
  }

  /** Calls {@code action} with every used port of {@code range} and its holders (Services first), ascending. */
  default void forEachUsed(PortRange range, ObjIntConsumer<List<Holder>> action) {
    for (int port = nextUsed(range.start()); port >= 0 && port <= range.end(); port = nextUsed(port + 1)) {
      action.accept(holders(port), port);
    }
  }

  /**
   * These ports with {@code more} laid over them: a port is used if either has it, by the holders of both. Neither is
   * copied, so the view is valid only while neither changes (a plan's duration).
   */
  default PortsInUse plus(PortsInUse more) {
    return new LayeredPorts(this, more);
  }
}
