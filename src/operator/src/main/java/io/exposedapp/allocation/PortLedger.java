package io.exposedapp.allocation;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Which node ports are used, and by whom. A port may have several holders: an app's status and the app's Service hold
 * the same port, and during races a stale status and a foreign Service can too. The ledger records facts; deciding
 * who wins is {@link NodePortAllocator}'s job.
 *
 * <p>Not thread-safe, on purpose: allocating and recording the result must happen as one step, so a lock inside the
 * ledger would not be enough. Callers serialize all access (the operator does allocate + {@link #reserve} under one
 * lock).
 */
public final class PortLedger implements PortsInUse {

  // Services before ExposedApps so a conflict names the Service (what the user can find with kubectl get svc),
  // then by namespace and name so every answer is deterministic.
  static final Comparator<Holder> HOLDER_ORDER = Comparator
      .comparing((Holder h) -> !h.isService())
      .thenComparing(Holder::namespace)
      .thenComparing(Holder::name);

  // One bit per port number; finding the lowest unused port is BitSet.nextClearBit.
  private final BitSet used = new BitSet(PortRange.MAX_PORT + 1);
  // The holders of each used port, in HOLDER_ORDER; nearly always one or two (an app and its Service). There is no
  // per-holder index: the by-holder queries, for tests and small ledgers, scan the ports (the operator's ledger of the
  // whole cluster, io.exposedapp.ledger.ClusterPorts, keeps each holder's ports itself).
  private final Map<Integer, List<Holder>> holdersByPort = new HashMap<>();

  /** Records that {@code holder} holds {@code port}. Returns false if it already did. */
  public boolean hold(int port, Holder holder) {
    requirePort(port);
    Objects.requireNonNull(holder, "holder");
    List<Holder> holders = holdersByPort.computeIfAbsent(port, p -> new ArrayList<>(2));
    int at = Collections.binarySearch(holders, holder, HOLDER_ORDER);
    if (at >= 0) {
      return false;
    }
    holders.add(-at - 1, holder);
    used.set(port);
    return true;
  }

  /** Records that {@code holder} no longer holds {@code port}; the port is free once its last holder let go. */
  public boolean release(int port, Holder holder) {
    requirePort(port);
    Objects.requireNonNull(holder, "holder");
    List<Holder> holders = holdersByPort.get(port);
    if (holders == null || !holders.remove(holder)) {
      return false;
    }
    if (holders.isEmpty()) {
      holdersByPort.remove(port);
      used.clear(port);
    }
    return true;
  }

  /** Releases every port {@code holder} holds (a deleted Service or app) and returns them. */
  public SortedSet<Integer> releaseAll(Holder holder) {
    SortedSet<Integer> ports = portsHeldBy(holder);
    for (int port : ports) {
      release(port, holder);
    }
    return ports;
  }

  /** Makes {@code holder} hold exactly {@code ports}: what a Service watch event or a status update reports. */
  public void holdExactly(Holder holder, Collection<Integer> ports) {
    Objects.requireNonNull(holder, "holder");
    ports.forEach(PortLedger::requirePort);
    for (int port : portsHeldBy(holder)) {
      if (!ports.contains(port)) {
        release(port, holder);
      }
    }
    for (int port : ports) {
      hold(port, holder);
    }
  }

  /**
   * Records an allocation result as {@code app}'s status holdings: the app then holds exactly its {@link
   * Allocation.Assigned} ports. Ports of conflicting, out-of-range or exhausted claims are not held, and ports the app
   * held before but no longer got are released. The app's Service is a separate holder, updated from the Service.
   */
  public void reserve(Map<String, Allocation> allocations, Holder app) {
    List<Integer> assigned = allocations.values().stream()
        .filter(Allocation.Assigned.class::isInstance)
        .map(a -> ((Allocation.Assigned) a).nodePort())
        .toList();
    holdExactly(app, assigned);
  }

  @Override
  public List<Holder> holders(int port) {
    requirePort(port);
    List<Holder> holders = holdersByPort.get(port);
    return holders == null ? List.of() : List.copyOf(holders);
  }

  /** Ports held by {@code holder}, ascending (a copy). Scans every used port. */
  public SortedSet<Integer> portsHeldBy(Holder holder) {
    SortedSet<Integer> ports = new TreeSet<>();
    holdersByPort.forEach((port, holders) -> {
      if (holders.contains(holder)) {
        ports.add(port);
      }
    });
    return ports;
  }

  /** Every holder with at least one port (unordered copy). Scans every used port. */
  public Set<Holder> allHolders() {
    Set<Holder> all = new HashSet<>();
    holdersByPort.values().forEach(all::addAll);
    return Collections.unmodifiableSet(all);
  }

  @Override
  public boolean isUsed(int port) {
    requirePort(port);
    return used.get(port);
  }

  @Override
  public boolean isFreeFor(int port, Predicate<Holder> isOurs) {
    requirePort(port);
    List<Holder> holders = holdersByPort.get(port);
    return holders == null || holders.stream().allMatch(isOurs);
  }

  @Override
  public int usedCount(PortRange range) {
    return used.get(range.start(), range.end() + 1).cardinality();
  }

  @Override
  public void forEachUsed(PortRange range, java.util.function.ObjIntConsumer<List<Holder>> action) {
    for (int port = used.nextSetBit(range.start()); port >= 0 && port <= range.end();
        port = used.nextSetBit(port + 1)) {
      action.accept(Collections.unmodifiableList(holdersByPort.get(port)), port);
    }
  }

  @Override
  public int nextUnused(int from) {
    return used.nextClearBit(from);
  }

  @Override
  public int nextUsed(int from) {
    return used.nextSetBit(from);
  }

  private static void requirePort(int port) {
    if (port < PortRange.MIN_PORT || port > PortRange.MAX_PORT) {
      throw new IllegalArgumentException(
          "not a port number: " + port + " (" + PortRange.MIN_PORT + "-" + PortRange.MAX_PORT + ")");
    }
  }
}
