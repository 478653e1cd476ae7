package io.exposedapp.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

class PortLedgerTest {

  private static final Holder APP = Holder.exposedApp("shop", "web");
  private static final Holder APP_SERVICE = Holder.service("shop", "web");
  private static final Holder FOREIGN = Holder.service("other", "db");
  private static final Predicate<Holder> OURS = Set.of(APP, APP_SERVICE)::contains;

  private final PortLedger ledger = new PortLedger();

  @Test
  void heldPortIsUsedAndNamesItsHolder() {
    ledger.hold(30001, FOREIGN);

    assertThat(ledger.isUsed(30001)).isTrue();
    assertThat(ledger.holders(30001)).containsExactly(FOREIGN);
    assertThat(ledger.portsHeldBy(FOREIGN)).containsExactly(30001);
  }

  @Test
  void unheldPortIsFreeAndHasNoHolders() {
    assertThat(ledger.isUsed(30001)).isFalse();
    assertThat(ledger.holders(30001)).isEmpty();
    assertThat(ledger.isFreeFor(30001, OURS)).isTrue();
  }

  @Test
  void holdingTwiceIsReportedAndKeepsOneEntry() {
    assertThat(ledger.hold(30001, APP)).isTrue();
    assertThat(ledger.hold(30001, APP)).isFalse();
    assertThat(ledger.holders(30001)).containsExactly(APP);
  }

  @Test
  void appStatusAndItsServiceHoldTheSamePortTogetherServiceListedFirst() {
    ledger.hold(30001, APP);
    ledger.hold(30001, APP_SERVICE);

    assertThat(ledger.holders(30001)).containsExactly(APP_SERVICE, APP);
  }

  @Test
  void holdersListServicesBeforeAppsThenByNamespaceAndName() {
    Holder appA = Holder.exposedApp("a", "x");
    Holder serviceZ = Holder.service("z", "z");
    Holder serviceB = Holder.service("b", "b");
    ledger.hold(30001, appA);
    ledger.hold(30001, serviceZ);
    ledger.hold(30001, serviceB);

    assertThat(ledger.holders(30001)).containsExactly(serviceB, serviceZ, appA);
  }

  @Test
  void portStaysUsedUntilItsLastHolderReleasesIt() {
    ledger.hold(30001, APP);
    ledger.hold(30001, APP_SERVICE);

    assertThat(ledger.release(30001, APP)).isTrue();
    assertThat(ledger.isUsed(30001)).isTrue();
    assertThat(ledger.release(30001, APP_SERVICE)).isTrue();
    assertThat(ledger.isUsed(30001)).isFalse();
    assertThat(ledger.portsHeldBy(APP_SERVICE)).isEmpty();
  }

  @Test
  void releasingAPortTheHolderDoesNotHoldChangesNothing() {
    ledger.hold(30001, FOREIGN);

    assertThat(ledger.release(30001, APP)).isFalse();
    assertThat(ledger.release(30002, APP)).isFalse();
    assertThat(ledger.holders(30001)).containsExactly(FOREIGN);
  }

  @Test
  void releaseAllFreesEveryPortOfThatHolderOnly() {
    ledger.hold(30001, APP);
    ledger.hold(30002, APP);
    ledger.hold(30002, APP_SERVICE);
    ledger.hold(30003, FOREIGN);

    assertThat(ledger.releaseAll(APP)).containsExactly(30001, 30002);

    assertThat(ledger.isUsed(30001)).isFalse();
    assertThat(ledger.holders(30002)).containsExactly(APP_SERVICE);
    assertThat(ledger.holders(30003)).containsExactly(FOREIGN);
    assertThat(ledger.allHolders()).containsExactlyInAnyOrder(APP_SERVICE, FOREIGN);
  }

  @Test
  void holdExactlyReplacesAHoldersPorts() {
    ledger.hold(30001, APP_SERVICE);
    ledger.hold(30002, APP_SERVICE);

    ledger.holdExactly(APP_SERVICE, List.of(30002, 30005));

    assertThat(ledger.portsHeldBy(APP_SERVICE)).containsExactly(30002, 30005);
    assertThat(ledger.isUsed(30001)).isFalse();
  }

  @Test
  void reserveMakesTheAppHoldExactlyItsAssignedPorts() {
    ledger.hold(30009, APP); // held before, not assigned any more
    Map<String, Allocation> result = Map.of(
        "http", new Allocation.Assigned(30001),
        "https", new Allocation.Assigned(30002),
        "admin", new Allocation.Conflict(30003, FOREIGN),
        "metrics", new Allocation.Exhausted(PortSource.of(PortRange.DEFAULT)));

    ledger.reserve(result, APP);

    assertThat(ledger.portsHeldBy(APP)).containsExactly(30001, 30002);
    assertThat(ledger.isUsed(30009)).isFalse();
  }

  @Test
  void isFreeForTreatsPortsHeldOnlyByOursAsFree() {
    ledger.hold(30001, APP);
    ledger.hold(30001, APP_SERVICE);

    assertThat(ledger.isFreeFor(30001, OURS)).isTrue();
  }

  @Test
  void isFreeForIsFalseWhenAnyHolderIsNotOurs() {
    ledger.hold(30001, APP_SERVICE);
    ledger.hold(30001, Holder.exposedApp("other", "stale"));

    assertThat(ledger.isFreeFor(30001, OURS)).isFalse();
  }

  @Test
  void usedCountCountsOnlyPortsInsideTheRange() {
    ledger.hold(29999, FOREIGN);
    ledger.hold(30000, FOREIGN);
    ledger.hold(30000, APP);
    ledger.hold(30009, APP);
    ledger.hold(30010, APP);

    assertThat(ledger.usedCount(new PortRange(30000, 30009))).isEqualTo(2);
  }

  @Test
  void returnedPortSetsAreCopies() {
    ledger.hold(30001, APP);
    ledger.portsHeldBy(APP).clear();

    assertThat(ledger.portsHeldBy(APP)).containsExactly(30001);
  }

  @Test
  void rejectsNumbersThatAreNotPorts() {
    assertThatThrownBy(() -> ledger.hold(0, APP)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a port number: 0");
    assertThatThrownBy(() -> ledger.holders(65536)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Correctness at 99.9% fill of the default range; speed is measured outside the test suite (no clocks here). */
  @Test
  void nearlyFullDefaultRangeStillFindsItsFewFreePortsLowestFirst() {
    PortRange range = PortRange.DEFAULT;
    Set<Integer> free = Set.of(30500, 31999, 32767); // 3 of 2768 free: 99.9% used
    for (int port = range.start(); port <= range.end(); port++) {
      if (!free.contains(port)) {
        ledger.hold(port, Holder.service("fill", "svc-" + port));
      }
    }
    NodePortAllocator allocator = new NodePortAllocator(range);
    List<PortClaim> claims = List.of(PortClaim.automatic("a"), PortClaim.automatic("b"), PortClaim.automatic("c"),
        PortClaim.automatic("d"));

    Map<String, Allocation> result = allocator.allocate(APP, claims, OURS, ledger);

    assertThat(ledger.usedCount(range)).isEqualTo(2765);
    assertThat(result).containsExactly(
        Map.entry("a", new Allocation.Assigned(30500)),
        Map.entry("b", new Allocation.Assigned(31999)),
        Map.entry("c", new Allocation.Assigned(32767)),
        Map.entry("d", new Allocation.Exhausted(PortSource.of(range))));
  }
}
