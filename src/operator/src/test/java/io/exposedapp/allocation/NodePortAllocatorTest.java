package io.exposedapp.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.exposedapp.allocation.Allocation.Assigned;
import io.exposedapp.allocation.Allocation.Conflict;
import io.exposedapp.allocation.Allocation.Exhausted;
import io.exposedapp.allocation.Allocation.OutOfRange;

class NodePortAllocatorTest {

  private static final PortRange RANGE = new PortRange(30000, 30009);
  private static final Holder APP = Holder.exposedApp("shop", "web");
  private static final Holder APP_SERVICE = Holder.service("shop", "web");
  private static final Predicate<Holder> OURS = Set.of(APP, APP_SERVICE)::contains;
  private static final Holder FOREIGN_SERVICE = Holder.service("other", "db");
  private static final Holder OTHER_APP = Holder.exposedApp("other", "api");
  private static final Holder OTHER_APP_SERVICE = Holder.service("other", "api");

  private final NodePortAllocator allocator = new NodePortAllocator(RANGE);
  private final PortLedger ledger = new PortLedger();

  private Map<String, Allocation> allocate(PortClaim... claims) {
    return allocator.allocate(APP, List.of(claims), OURS, ledger);
  }

  // a. explicit requests

  @Test
  void explicitRequestThatIsFreeIsAssigned() {
    assertThat(allocate(PortClaim.explicit("http", 30007))).containsExactly(entry("http", new Assigned(30007)));
  }

  @Test
  void explicitRequestOutsideTheRangeIsOutOfRange() {
    assertThat(allocate(PortClaim.explicit("http", 31000)))
        .containsExactly(entry("http", new OutOfRange(31000, PortSource.of(RANGE))));
  }

  @Test
  void explicitRequestHeldByAForeignServiceIsAConflictNamingThatService() {
    ledger.hold(30007, FOREIGN_SERVICE);

    assertThat(allocate(PortClaim.explicit("http", 30007)))
        .containsExactly(entry("http", new Conflict(30007, FOREIGN_SERVICE)));
  }

  @Test
  void conflictNamesTheOtherAppsServiceRatherThanTheOtherApp() {
    ledger.hold(30007, OTHER_APP);
    ledger.hold(30007, OTHER_APP_SERVICE);

    assertThat(allocate(PortClaim.explicit("http", 30007)))
        .containsExactly(entry("http", new Conflict(30007, OTHER_APP_SERVICE)));
  }

  @Test
  void conflictNamesTheOtherAppWhenOnlyItsStatusHoldsThePort() {
    ledger.hold(30007, OTHER_APP);

    Allocation outcome = allocate(PortClaim.explicit("http", 30007)).get("http");

    assertThat(outcome).isEqualTo(new Conflict(30007, OTHER_APP));
    assertThat(((Conflict) outcome).holder()).hasToString("ExposedApp other/api");
  }

  @Test
  void explicitRequestHeldByOurOwnServiceIsAssigned() {
    ledger.hold(30007, APP_SERVICE);
    ledger.hold(30007, APP);

    assertThat(allocate(PortClaim.explicit("http", 30007))).containsExactly(entry("http", new Assigned(30007)));
  }

  @Test
  void explicitRequestHeldByUsAndAForeignServiceIsAConflictNamingTheForeignService() {
    ledger.hold(30007, APP);
    ledger.hold(30007, FOREIGN_SERVICE);

    assertThat(allocate(PortClaim.explicit("http", 30007)))
        .containsExactly(entry("http", new Conflict(30007, FOREIGN_SERVICE)));
  }

  @Test
  void sameAppRequestingOnePortTwiceGetsItOnceAndASecondConflictNamingTheAppItself() {
    assertThat(allocate(PortClaim.explicit("http", 30007), PortClaim.explicit("https", 30007))).containsExactly(
        entry("http", new Assigned(30007)),
        entry("https", new Conflict(30007, APP)));
  }

  @Test
  void whenTwoPortsOfOneAppRequestTheSamePortThePortThatAlreadyHasItKeepsIt() {
    ledger.hold(30007, APP);
    ledger.hold(30007, APP_SERVICE);

    Map<String, Allocation> result = allocate(
        PortClaim.explicit("edited", 30007),
        PortClaim.explicit("established", 30007).withRecorded(30007).withObserved(30007));

    assertThat(result).containsExactly(
        entry("edited", new Conflict(30007, APP)),
        entry("established", new Assigned(30007)));
  }

  @Test
  void explicitRequestBeatsAnEarlierClaimsRecordedPort() {
    Map<String, Allocation> result = allocate(
        PortClaim.automatic("http").withRecorded(30003),
        PortClaim.explicit("https", 30003));

    assertThat(result).containsExactly(
        entry("http", new Assigned(30000)),
        entry("https", new Assigned(30003)));
  }

  // b. recorded port

  @Test
  void recordedPortHeldByUsIsKept() {
    ledger.hold(30005, APP);
    ledger.hold(30005, APP_SERVICE);

    assertThat(allocate(PortClaim.automatic("http").withRecorded(30005)))
        .containsExactly(entry("http", new Assigned(30005)));
  }

  @Test
  void recordedPortNobodyHoldsIsKept() {
    assertThat(allocate(PortClaim.automatic("http").withRecorded(30005)))
        .containsExactly(entry("http", new Assigned(30005)));
  }

  @Test
  void recordedPortTakenByAForeignServiceFallsBackToTheObservedPort() {
    ledger.hold(30005, FOREIGN_SERVICE);

    assertThat(allocate(PortClaim.automatic("http").withRecorded(30005).withObserved(30006)))
        .containsExactly(entry("http", new Assigned(30006)));
  }

  // the range changed since the app got its ports: a live nodePort never moves

  @Test
  void recordedPortOutsideAChangedRangeIsKept() {
    ledger.hold(31000, APP);

    assertThat(allocate(PortClaim.automatic("http").withRecorded(31000)))
        .containsExactly(entry("http", new Assigned(31000)));
  }

  @Test
  void observedPortOutsideAChangedRangeIsKeptWhenTheStatusWasLost() {
    ledger.hold(31000, APP_SERVICE);

    assertThat(allocate(PortClaim.automatic("http").withObserved(31000)))
        .containsExactly(entry("http", new Assigned(31000)));
  }

  @Test
  void recordedPortOutsideTheRangeHeldByAForeignServiceIsNotKept() {
    ledger.hold(31000, FOREIGN_SERVICE);

    assertThat(allocate(PortClaim.automatic("http").withRecorded(31000)))
        .containsExactly(entry("http", new Assigned(30000)));
  }

  @Test
  void explicitRequestOutsideTheRangeIsKeptWhenTheAppAlreadyHoldsIt() {
    ledger.hold(31000, APP_SERVICE);

    assertThat(allocate(PortClaim.explicit("http", 31000).withObserved(31000)))
        .containsExactly(entry("http", new Assigned(31000)));
    assertThat(allocate(PortClaim.explicit("http", 31000).withRecorded(31000)))
        .containsExactly(entry("http", new Assigned(31000)));
  }

  @Test
  void explicitRequestOutsideTheRangeHeldBySomeoneElseIsAConflictNamingThem() {
    ledger.hold(31000, FOREIGN_SERVICE);

    assertThat(allocate(PortClaim.explicit("http", 31000).withRecorded(31000)))
        .containsExactly(entry("http", new Allocation.Conflict(31000, FOREIGN_SERVICE)));
  }

  @Test
  void newPortsComeFromTheCurrentRangeOnlyWhileOthersAreKeptOutsideIt() {
    ledger.hold(31000, APP);

    assertThat(allocate(PortClaim.automatic("http").withRecorded(31000), PortClaim.automatic("https")))
        .containsExactly(entry("http", new Assigned(31000)), entry("https", new Assigned(30000)));
  }

  @Test
  void twoClaimsRecordingTheSamePortKeepItOnlyForTheFirst() {
    Map<String, Allocation> result = allocate(
        PortClaim.automatic("http").withRecorded(30005),
        PortClaim.automatic("https").withRecorded(30005));

    assertThat(result).containsExactly(entry("http", new Assigned(30005)), entry("https", new Assigned(30000)));
  }

  // c. observed port (status lost)

  @Test
  void observedPortOfOurServiceIsKeptWhenTheStatusWasLost() {
    ledger.hold(30008, APP_SERVICE);

    assertThat(allocate(PortClaim.automatic("http").withObserved(30008)))
        .containsExactly(entry("http", new Assigned(30008)));
  }

  @Test
  void observedPortHeldByAnotherAppFallsBackToANewPort() {
    ledger.hold(30008, OTHER_APP);

    assertThat(allocate(PortClaim.automatic("http").withObserved(30008)))
        .containsExactly(entry("http", new Assigned(30000)));
  }

  // d. new ports

  @Test
  void newPortIsTheLowestFreePortOfTheRange() {
    ledger.hold(30000, FOREIGN_SERVICE);
    ledger.hold(30001, OTHER_APP);
    ledger.hold(30003, FOREIGN_SERVICE);

    assertThat(allocate(PortClaim.automatic("http"))).containsExactly(entry("http", new Assigned(30002)));
  }

  @Test
  void newPortsFillTheStaticBandOfTheDefaultRangeFirst() {
    NodePortAllocator defaultAllocator = new NodePortAllocator(PortRange.DEFAULT);
    ledger.hold(30000, FOREIGN_SERVICE);
    ledger.hold(31234, OTHER_APP_SERVICE); // a port kube-apiserver picked dynamically, above the band

    Map<String, Allocation> result = defaultAllocator.allocate(APP,
        List.of(PortClaim.automatic("http"), PortClaim.automatic("https")), OURS, ledger);

    assertThat(result).containsExactly(entry("http", new Assigned(30001)), entry("https", new Assigned(30002)));
    // KEP-3668's static band of 30000-32767: min(max(16, 2768 / 32), 128) = 86 ports, 30000-30085
    assertThat(PortRange.DEFAULT.staticBandEnd()).isEqualTo(30085);
    assertThat(result.values()).allSatisfy(a -> assertThat(((Assigned) a).nodePort())
        .isBetween(PortRange.DEFAULT.start(), PortRange.DEFAULT.staticBandEnd()));
  }

  @Test
  void newPortsSkipPortsGivenToEarlierClaimsOfTheSameCall() {
    Map<String, Allocation> result = allocate(
        PortClaim.automatic("a"), PortClaim.automatic("b"), PortClaim.automatic("c"));

    assertThat(result).containsExactly(
        entry("a", new Assigned(30000)), entry("b", new Assigned(30001)), entry("c", new Assigned(30002)));
  }

  @Test
  void newPortSkipsAPortALaterClaimRequestsExplicitly() {
    Map<String, Allocation> result = allocate(PortClaim.automatic("http"), PortClaim.explicit("admin", 30000));

    assertThat(result).containsExactly(entry("http", new Assigned(30001)), entry("admin", new Assigned(30000)));
  }

  @Test
  void newPortSkipsAPortALaterClaimKeepsFromItsStatus() {
    Map<String, Allocation> result = allocate(
        PortClaim.automatic("http"), PortClaim.automatic("admin").withRecorded(30000));

    assertThat(result).containsExactly(entry("http", new Assigned(30001)), entry("admin", new Assigned(30000)));
  }

  @Test
  void newPortDoesNotReuseAStalePortOnlyWeHoldInTheSameCall() {
    ledger.hold(30000, APP); // recorded for a spec port that has since been renamed

    assertThat(allocate(PortClaim.automatic("renamed"))).containsExactly(entry("renamed", new Assigned(30001)));
  }

  // exhaustion

  @Test
  void claimsBeyondTheLastFreePortAreExhausted() {
    for (int port = RANGE.start(); port <= RANGE.end(); port++) {
      if (port != 30004) {
        ledger.hold(port, FOREIGN_SERVICE);
      }
    }

    assertThat(allocate(PortClaim.automatic("a"), PortClaim.automatic("b")))
        .containsExactly(entry("a", new Assigned(30004)), entry("b", new Exhausted(PortSource.of(RANGE))));
  }

  @Test
  void explicitAndKeptPortsAreUnaffectedByExhaustion() {
    for (int port = RANGE.start(); port <= RANGE.end(); port++) {
      ledger.hold(port, port == 30002 ? APP : FOREIGN_SERVICE);
    }

    assertThat(allocate(PortClaim.automatic("kept").withRecorded(30002), PortClaim.automatic("new")))
        .containsExactly(entry("kept", new Assigned(30002)), entry("new", new Exhausted(PortSource.of(RANGE))));
  }

  // freeing

  @Test
  void portFreedByReleaseAllOfADeletedServiceIsHandedOutAgain() {
    ledger.hold(30000, FOREIGN_SERVICE);
    assertThat(allocate(PortClaim.automatic("http")).get("http")).isEqualTo(new Assigned(30001));

    ledger.releaseAll(FOREIGN_SERVICE);

    assertThat(allocate(PortClaim.automatic("http")).get("http")).isEqualTo(new Assigned(30000));
  }

  @Test
  void explicitRequestSucceedsOnceTheConflictingHolderReleasedThePort() {
    ledger.hold(30007, FOREIGN_SERVICE);
    assertThat(allocate(PortClaim.explicit("http", 30007)).get("http")).isInstanceOf(Conflict.class);

    ledger.release(30007, FOREIGN_SERVICE);

    assertThat(allocate(PortClaim.explicit("http", 30007)).get("http")).isEqualTo(new Assigned(30007));
  }

  // determinism and stability

  @Test
  void sameClaimsAgainstTheSameLedgerGiveTheSameAnswer() {
    ledger.hold(30001, FOREIGN_SERVICE);
    ledger.hold(30004, OTHER_APP);
    ledger.hold(30004, OTHER_APP_SERVICE);
    List<PortClaim> claims = List.of(PortClaim.automatic("a"), PortClaim.explicit("b", 30004),
        PortClaim.automatic("c").withRecorded(30001), PortClaim.automatic("d").withObserved(30006),
        PortClaim.explicit("e", 30100));

    Map<String, Allocation> first = allocator.allocate(APP, claims, OURS, ledger);
    Map<String, Allocation> second = new NodePortAllocator(RANGE).allocate(APP, claims, OURS, ledger);

    assertThat(second).containsExactlyEntriesOf(first);
  }

  @Test
  void allocateDoesNotChangeTheLedger() {
    ledger.hold(30001, FOREIGN_SERVICE);

    allocate(PortClaim.automatic("a"), PortClaim.explicit("b", 30005));

    assertThat(ledger.allHolders()).containsExactly(FOREIGN_SERVICE);
    assertThat(ledger.usedCount(RANGE)).isEqualTo(1);
  }

  @Test
  void appKeepsItsRecordedPortsWhileOtherAppsComeAndGo() {
    Holder first = Holder.exposedApp("ns", "first");
    Holder second = Holder.exposedApp("ns", "second");
    Holder third = Holder.exposedApp("ns", "third");
    ledger.reserve(allocator.allocate(first, List.of(PortClaim.automatic("p")), first::equals, ledger), first);
    Map<String, Allocation> mine = allocate(PortClaim.automatic("http"), PortClaim.automatic("https"));
    ledger.reserve(mine, APP);
    assertThat(mine).containsExactly(entry("http", new Assigned(30001)), entry("https", new Assigned(30002)));

    ledger.releaseAll(first);
    ledger.reserve(allocator.allocate(second, List.of(PortClaim.automatic("p"), PortClaim.automatic("q")),
        second::equals, ledger), second);
    ledger.reserve(allocator.allocate(third, List.of(PortClaim.automatic("p")), third::equals, ledger), third);
    ledger.releaseAll(second);

    Map<String, Allocation> again = allocate(
        PortClaim.automatic("http").withRecorded(30001), PortClaim.automatic("https").withRecorded(30002));
    assertThat(again).containsExactlyEntriesOf(mine);
  }

  @Test
  void resultFollowsClaimOrder() {
    Map<String, Allocation> result = allocate(PortClaim.explicit("z", 30009), PortClaim.automatic("a"),
        PortClaim.automatic("m").withRecorded(30005));

    assertThat(result.keySet()).containsExactly("z", "a", "m");
    assertThat(new TreeMap<>(result).keySet()).containsExactly("a", "m", "z");
  }

  @Test
  void noClaimsGiveAnEmptyResult() {
    assertThat(allocate()).isEmpty();
  }

  @Test
  void duplicatePortNamesAreRejected() {
    assertThatThrownBy(() -> allocate(PortClaim.automatic("http"), PortClaim.explicit("http", 30001)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"http\"");
  }

  @Test
  void zeroMeansNoPortInEveryClaimField() {
    PortClaim claim = new PortClaim("http", 0, 0, 0);

    assertThat(claim).isEqualTo(PortClaim.automatic("http"));
    assertThat(allocate(claim)).containsExactly(entry("http", new Assigned(30000)));
  }
}
