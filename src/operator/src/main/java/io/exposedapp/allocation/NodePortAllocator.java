package io.exposedapp.allocation;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Picks the nodePorts of one app's Service. Deterministic: the same claims against the same ledger give the same
 * answer. It only reads the ledger; record the result with {@link PortLedger#reserve(Map, Holder)}.
 *
 * <p>The rule, in three passes over the claims (each pass in claim order):
 * <ol>
 *   <li>Explicit requests ({@code requested}): outside the range is {@link Allocation.OutOfRange} unless the app
 *       already holds it (recorded or observed); held by a holder
 *       that is not ours is {@link Allocation.Conflict} naming it (a Service rather than an ExposedApp when both hold
 *       it); otherwise {@link Allocation.Assigned}. Done first so a request always beats another claim's kept or new
 *       port. When several claims of this app request the same port, one gets it and the others get a {@code
 *       Conflict} naming the app itself: the one that already has it (recorded or observed equals the request), else
 *       the first in claim order. So editing one port to a sibling's port never moves the sibling.</li>
 *   <li>Kept ports: the {@code recorded} (status) port, else the {@code observed} port of the app's own Service (the
 *       status was lost), each only if free or held only by us, and not already given to another claim. A kept port
 *       may lie outside the range (the range changed since it was allocated): it is kept all the same, because a
 *       moved nodePort breaks the ALB target group.</li>
 *   <li>New ports: the lowest port of the range that nobody holds and no other claim got, else
 *       {@link Allocation.Exhausted}. Lowest-first fills the KEP-3668 static band (bottom of the range) first: our
 *       ports are explicit requests as far as the API server is concerned, which is what that band is kept for. It
 *       also keeps ports compact, since the AWS Load Balancer Controller opens one min..max range on the node security
 *       group.</li>
 * </ol>
 *
 * <p>Where new ports come from is a {@link PortSource}: the operator's range ({@link #allocate(Holder, List,
 * Predicate, PortsInUse)}), or bands drawn from in order, each with a limit per namespace ({@link #allocate(Holder,
 * List, Predicate, PortsInUse, PortSource)}). An explicit request must lie in one of the bands; a port the app does
 * not hold yet, requested or new, counts against its band's limit ({@link Allocation.QuotaExceeded}); a new port is
 * the lowest free one of the first band with a free port and room under its limit. With no band
 * ({@link PortSource#refused}), a port that needs a new nodePort, or requests one it does not hold, gets
 * {@link Allocation.NoPool}; held ports are kept as always.
 *
 * <p>A port held only by ours but claimed by no claim (a stale port of a removed or renamed spec port) is not reused
 * for a new port in the same call; it is free once the caller has recorded the result.
 *
 * <p>Simplification: a nodePort is one slot regardless of protocol. Kubernetes lets one Service use the same nodePort
 * for a TCP and a UDP port; this allocator gives them different ports (or a self-Conflict if both request the same).
 */
public final class NodePortAllocator {

  private final PortRange range;

  public NodePortAllocator(PortRange range) {
    this.range = Objects.requireNonNull(range, "range");
  }

  public PortRange range() {
    return range;
  }

  /**
   * Allocates one nodePort per claim.
   *
   * @param app the ExposedApp the claims belong to; named in a Conflict when it requests the same port twice
   * @param claims the app's ports in spec order; port names must be unique
   * @param isOurs true for the holders that belong to this app (the app and its Service); the app always counts as ours
   * @param ledger every port in use in the cluster; not modified
   * @return the outcome per port name, in claim order (unmodifiable)
   * @throws IllegalArgumentException if two claims have the same port name
   */
  public Map<String, Allocation> allocate(Holder app, List<PortClaim> claims, Predicate<Holder> isOurs,
      PortsInUse ledger) {
    return allocate(app, claims, isOurs, ledger, PortSource.of(range));
  }

  /**
   * Allocates one nodePort per claim, new ports from {@code source} instead of the operator's range.
   *
   * @see #allocate(Holder, List, Predicate, PortsInUse)
   */
  public Map<String, Allocation> allocate(Holder app, List<PortClaim> claims, Predicate<Holder> isOurs,
      PortsInUse ledger, PortSource source) {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(ledger, "ledger");
    Predicate<Holder> ours = isOurs.or(app::equals);
    requireUniquePortNames(claims);

    Map<String, Allocation> byName = new HashMap<>();
    Set<Integer> takenInCall = new HashSet<>();
    // new ports each band may still give; explicit requests not yet held spend it too
    Map<PortSource.Band, Integer> allowance = new HashMap<>();
    source.bands().forEach(b -> allowance.put(b, b.newPortsAllowed()));

    Map<Integer, PortClaim> requestWinners = requestWinners(claims);
    for (PortClaim claim : claims) {
      if (claim.requested() != null) {
        Allocation outcome = explicit(claim, requestWinners, app, ours, ledger, source, allowance);
        if (outcome instanceof Allocation.Assigned assigned) {
          takenInCall.add(assigned.nodePort());
        }
        byName.put(claim.portName(), outcome);
      }
    }
    for (PortClaim claim : claims) {
      if (claim.requested() == null) {
        Optional<Integer> kept = keptPort(claim, ours, ledger, takenInCall);
        kept.ifPresent(port -> {
          takenInCall.add(port);
          byName.put(claim.portName(), new Allocation.Assigned(port));
        });
      }
    }
    // Ports are found in ascending order within a band, so each search continues where the previous one stopped.
    Map<PortSource.Band, Integer> searchFrom = new HashMap<>();
    for (PortClaim claim : claims) {
      if (!byName.containsKey(claim.portName())) {
        byName.put(claim.portName(), newPort(source, ledger, takenInCall, allowance, searchFrom));
      }
    }

    Map<String, Allocation> inClaimOrder = new LinkedHashMap<>();
    claims.forEach(claim -> inClaimOrder.put(claim.portName(), byName.get(claim.portName())));
    return Collections.unmodifiableMap(inClaimOrder);
  }

  /** The lowest free port of the first band with one and room under its limit. */
  private static Allocation newPort(PortSource source, PortsInUse ledger, Set<Integer> takenInCall,
      Map<PortSource.Band, Integer> allowance, Map<PortSource.Band, Integer> searchFrom) {
    if (source.refusal() != null) {
      return new Allocation.NoPool(source.refusal());
    }
    Optional<PortSource.Band> full = Optional.empty();
    for (PortSource.Band band : source.bands()) {
      int port = lowestUnused(band, searchFrom.getOrDefault(band, 0), ledger, takenInCall);
      if (port < 0) {
        searchFrom.put(band, Integer.MAX_VALUE);
        continue;
      }
      if (allowance.get(band) <= 0) {
        full = full.or(() -> Optional.of(band));
        continue;
      }
      allowance.merge(band, -1, Integer::sum);
      takenInCall.add(port);
      searchFrom.put(band, port + 1);
      return new Allocation.Assigned(port);
    }
    return full.<Allocation>map(Allocation.QuotaExceeded::new).orElseGet(() -> new Allocation.Exhausted(source));
  }

  private Allocation explicit(PortClaim claim, Map<Integer, PortClaim> requestWinners, Holder app,
      Predicate<Holder> ours, PortsInUse ledger, PortSource source, Map<PortSource.Band, Integer> allowance) {
    int port = claim.requested();
    boolean alreadyHeld = claim.requested().equals(claim.recorded()) || claim.requested().equals(claim.observed());
    if (!source.contains(port) && !alreadyHeld) {
      return source.refusal() != null ? new Allocation.NoPool(source.refusal())
          : new Allocation.OutOfRange(port, source);
    }
    // holders() lists Services first, so the first foreign holder is a Service whenever one holds the port.
    Optional<Holder> foreign = ledger.holders(port).stream().filter(ours.negate()).findFirst();
    if (foreign.isPresent()) {
      return new Allocation.Conflict(port, foreign.get());
    }
    if (!claim.equals(requestWinners.get(port))) {
      return new Allocation.Conflict(port, app);
    }
    if (!alreadyHeld && ledger.holders(port).isEmpty()) {
      PortSource.Band band = source.bands().stream().filter(b -> b.contains(port)).findFirst().orElseThrow();
      if (allowance.get(band) <= 0) {
        return new Allocation.QuotaExceeded(band);
      }
      allowance.merge(band, -1, Integer::sum);
    }
    return new Allocation.Assigned(port);
  }

  /** For each explicitly requested port, the claim that gets it if it is free: see the class comment. */
  private static Map<Integer, PortClaim> requestWinners(List<PortClaim> claims) {
    Map<Integer, PortClaim> winners = new HashMap<>();
    for (PortClaim claim : claims) {
      if (claim.requested() != null) {
        winners.putIfAbsent(claim.requested(), claim);
      }
    }
    for (PortClaim claim : claims) {
      Integer port = claim.requested();
      if (port != null && (port.equals(claim.recorded()) || port.equals(claim.observed()))
          && !alreadyHasIt(winners.get(port))) {
        winners.put(port, claim);
      }
    }
    return winners;
  }

  private static boolean alreadyHasIt(PortClaim claim) {
    return claim.requested().equals(claim.recorded()) || claim.requested().equals(claim.observed());
  }

  private Optional<Integer> keptPort(PortClaim claim, Predicate<Holder> ours, PortsInUse ledger,
      Set<Integer> takenInCall) {
    for (Integer candidate : new Integer[] {claim.recorded(), claim.observed()}) {
      if (candidate != null && !takenInCall.contains(candidate)
          && ledger.isFreeFor(candidate, ours)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Lowest port of the band, from {@code from} on, that nobody holds and this call did not hand out; -1 if none. */
  private static int lowestUnused(PortSource.Band band, int from, PortsInUse ledger, Set<Integer> takenInCall) {
    for (PortRange range : band.ranges()) {
      int port = Math.max(from, range.start());
      while (port <= range.end()) {
        port = ledger.nextUnused(port);
        if (port > range.end()) {
          break;
        }
        if (!takenInCall.contains(port)) {
          return port;
        }
        port++;
      }
    }
    return -1;
  }

  private static void requireUniquePortNames(List<PortClaim> claims) {
    Set<String> seen = new HashSet<>();
    for (PortClaim claim : claims) {
      if (!seen.add(claim.portName())) {
        throw new IllegalArgumentException("port name \"" + claim.portName() + "\" appears twice in one app");
      }
    }
  }
}
