package io.exposedapp.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The allocator drawing from bands with limits (NodePortPools), against random bands, ledgers and claims: a new port
 * never lies outside the bands, nobody else's port is handed out, no band gives more new ports than its limit allows,
 * bands are drawn from in order, and Exhausted or QuotaExceeded only when it is true. With no band at all (no pool
 * serves the app), no new port is handed out and held ones are kept.
 */
class NodePortAllocatorBandsPropertyTest {

  private static final PortRange CLUSTER = new PortRange(30000, 30099);
  private static final Holder APP = Holder.exposedApp("team", "app");

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void randomBandsLedgersAndClaims(long seed) {
    Random random = new Random(seed);
    for (int round = 0; round < 500; round++) {
      String what = "seed " + seed + " round " + round;
      PortSource source = random.nextInt(8) == 0 ? PortSource.refused("NoPool", "no pool") : bands(random);
      PortLedger ledger = new PortLedger();
      for (int i = random.nextInt(60); i > 0; i--) {
        ledger.hold(CLUSTER.start() + random.nextInt(CLUSTER.size()), Holder.service("other", "svc-" + i));
      }
      List<PortClaim> claims = new ArrayList<>();
      for (int i = random.nextInt(6) + 1; i > 0; i--) {
        Integer requested = random.nextInt(4) == 0 ? CLUSTER.start() + random.nextInt(CLUSTER.size()) : null;
        Integer recorded = random.nextInt(5) == 0 ? CLUSTER.start() + random.nextInt(CLUSTER.size()) : null;
        if (recorded != null) {
          ledger.hold(recorded, APP);
        }
        claims.add(new PortClaim("p" + i, requested, recorded, null));
      }
      Predicate<Holder> ours = APP::equals;

      Map<String, Allocation> outcome = new NodePortAllocator(CLUSTER).allocate(APP, claims, ours, ledger, source);

      check(what, source, ledger, claims, outcome);
    }
  }

  private static void check(String what, PortSource source, PortLedger ledger, List<PortClaim> claims,
      Map<String, Allocation> outcome) {
    Set<Integer> assigned = new HashSet<>();
    Map<PortSource.Band, Integer> granted = new HashMap<>();
    for (PortClaim claim : claims) {
      Allocation a = outcome.get(claim.portName());
      if (!(a instanceof Allocation.Assigned done)) {
        continue;
      }
      int port = done.nodePort();
      assertThat(assigned.add(port)).as("%s: %d handed out twice", what, port).isTrue();
      if (source.refusal() != null) {
        assertThat(port).as("%s: without a pool only a held port is kept", what)
            .isIn(claim.recorded(), claim.observed());
      }
      assertThat(ledger.holders(port)).as("%s: %d belongs to someone else", what, port).allMatch(APP::equals);
      // held by the app before (its namespace's count includes it): not a new port
      boolean held = !ledger.holders(port).isEmpty();
      if (!held) {
        PortSource.Band band = source.bands().stream().filter(b -> b.contains(port)).findFirst().orElse(null);
        assertThat(band).as("%s: new port %d lies in a band", what, port).isNotNull();
        granted.merge(band, 1, Integer::sum);
      }
    }
    if (source.refusal() != null) {
      // every claim without a kept port is refused for the source's reason
      claims.stream().map(c -> outcome.get(c.portName())).filter(a -> !(a instanceof Allocation.Assigned)
          && !(a instanceof Allocation.Conflict))
          .forEach(a -> assertThat(a).as(what).isEqualTo(new Allocation.NoPool(source.refusal())));
      return;
    }
    granted.forEach((band, count) -> assertThat(count).as("%s: new ports of %s", what, band)
        .isLessThanOrEqualTo(band.newPortsAllowed()));
    // a band with a free port and room left means nobody may have been refused a new port
    boolean refused = claims.stream().anyMatch(c -> c.requested() == null
        && (outcome.get(c.portName()) instanceof Allocation.Exhausted
            || outcome.get(c.portName()) instanceof Allocation.QuotaExceeded));
    if (refused) {
      for (PortSource.Band band : source.bands()) {
        boolean free = hasFreePort(band, ledger, assigned);
        boolean room = granted.getOrDefault(band, 0) < band.newPortsAllowed();
        assertThat(free && room).as("%s: a port was refused while %s had a free port and room", what, band)
            .isFalse();
      }
    }
    for (PortClaim claim : claims) {
      if (outcome.get(claim.portName()) instanceof Allocation.Exhausted) {
        assertThat(source.bands()).as("%s: Exhausted with a free port left", what)
            .noneMatch(b -> hasFreePort(b, ledger, assigned));
      }
    }
    // drawn in order: a new port of band k means every earlier band was full or at its limit
    for (PortClaim claim : claims) {
      if (claim.requested() == null && outcome.get(claim.portName()) instanceof Allocation.Assigned done
          && ledger.holders(done.nodePort()).isEmpty()) {
        int k = indexOf(source, done.nodePort());
        for (int j = 0; j < k; j++) {
          PortSource.Band earlier = source.bands().get(j);
          assertThat(hasFreePort(earlier, ledger, assigned)
              && granted.getOrDefault(earlier, 0) < earlier.newPortsAllowed())
              .as("%s: %d drawn from band %d while band %d had room", what, done.nodePort(), k, j).isFalse();
        }
      }
    }
  }

  private static boolean hasFreePort(PortSource.Band band, PortLedger ledger, Set<Integer> assigned) {
    for (PortRange range : band.ranges()) {
      for (int port = range.start(); port <= range.end(); port++) {
        if (!ledger.isUsed(port) && !assigned.contains(port)) {
          return true;
        }
      }
    }
    return false;
  }

  private static int indexOf(PortSource source, int port) {
    for (int i = 0; i < source.bands().size(); i++) {
      if (source.bands().get(i).contains(port)) {
        return i;
      }
    }
    return -1;
  }

  /** 1 to 3 bands of disjoint ranges in the cluster's range, some with a limit and ports already held. */
  private static PortSource bands(Random random) {
    List<Integer> cuts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      cuts.add(CLUSTER.start() + random.nextInt(CLUSTER.size()));
    }
    cuts.sort(Integer::compare);
    List<PortSource.Band> bands = new ArrayList<>();
    for (int b = 0; b < random.nextInt(3) + 1; b++) {
      int start = cuts.get(2 * b);
      int end = Math.max(start, cuts.get(2 * b + 1) - 1);
      if (!bands.isEmpty() && bands.stream().anyMatch(x -> x.ranges().get(0).end() >= start)) {
        continue;
      }
      Integer limit = random.nextBoolean() ? null : random.nextInt(5);
      bands.add(new PortSource.Band("pool-" + b, List.of(new PortRange(start, end)), limit, random.nextInt(3)));
    }
    java.util.Collections.shuffle(bands, random); // drawing order is not address order
    return new PortSource(bands);
  }
}
