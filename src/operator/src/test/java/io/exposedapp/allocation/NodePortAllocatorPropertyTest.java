package io.exposedapp.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.exposedapp.allocation.Allocation.Assigned;
import io.exposedapp.allocation.Allocation.Conflict;
import io.exposedapp.allocation.Allocation.Exhausted;
import io.exposedapp.allocation.Allocation.OutOfRange;

/**
 * Thousands of random operations against one ledger, driven the way the operator drives it: apps are created,
 * changed, deleted and re-reconciled, lose their status, and foreign Services come and go. Every step checks the
 * invariants. A failure names the seed; rerun just that seed with {@code -Dallocation.seed=<seed>}.
 *
 * <p>The second test also interrupts reconciles between the status write and the Service write (an operator crash or
 * a failed request). kube-apiserver knows nothing of a port that only a status records, so a foreign Service can then
 * take it: that clash is the world's, and the invariant becomes "Services never share a port, apps never share a
 * port, and an app's next reconcile moves off a port a foreign Service took".
 */
class NodePortAllocatorPropertyTest {

  private static final int STEPS = 4000;

  static LongStream seeds() {
    String chosen = System.getProperty("allocation.seed");
    if (chosen != null) {
      return LongStream.of(Long.parseLong(chosen));
    }
    return LongStream.of(1L, 7L, 42L, 2024L, 31337L, 987654321L);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomOperationsKeepEveryInvariant(long seed) {
    run(new Simulation(seed, false), seed);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomOperationsWithInterruptedReconcilesKeepEveryInvariant(long seed) {
    Simulation simulation = run(new Simulation(seed, true), seed);
    assertThat(simulation.foreignServicesOnStatusOnlyPorts).as("races between a status and a foreign Service")
        .isPositive();
  }

  private static Simulation run(Simulation simulation, long seed) {
    try {
      for (int i = 0; i < STEPS; i++) {
        simulation.step();
      }
      // The run must actually have reached every outcome and rule, or it proves little.
      assertThat(simulation.outcomeCounts.keySet()).as("outcomes reached")
          .contains(Assigned.class, Conflict.class, OutOfRange.class, Exhausted.class);
      assertThat(simulation.selfConflicts).as("self conflicts").isPositive();
      assertThat(simulation.keptFromObservedPort).as("ports recovered from the Service after a lost status")
          .isPositive();
      assertThat(simulation.unchangedReconciles).as("unchanged re-reconciles").isGreaterThan(STEPS / 10);
    } catch (AssertionError | RuntimeException e) {
      String where = "seed " + seed + " failed at step " + simulation.step + " (" + simulation.operation
          + "); rerun with -Dallocation.seed=" + seed;
      System.err.println(where);
      throw new AssertionError(where + ": " + e.getMessage(), e);
    }
    return simulation;
  }

  /** The model world plus the ledger the operator would keep for it. */
  private static final class Simulation {

    private final Random random;
    private final boolean interruptions;
    private final PortRange range;
    private final NodePortAllocator allocator;
    private final PortLedger ledger = new PortLedger();
    private final Map<String, App> apps = new TreeMap<>();
    private final Map<String, Integer> foreignServices = new TreeMap<>(); // "namespace/name" -> nodePort

    int step;
    String operation = "none";
    final Map<Class<?>, Integer> outcomeCounts = new HashMap<>();
    int selfConflicts;
    int keptFromObservedPort;
    int unchangedReconciles;
    int foreignServicesOnStatusOnlyPorts;
    private int nextId;

    Simulation(long seed, boolean interruptions) {
      random = new Random(seed);
      this.interruptions = interruptions;
      int start = 30000 + random.nextInt(500);
      range = new PortRange(start, start + 9 + random.nextInt(20)); // 10-29 ports: they run out and collide
      allocator = new NodePortAllocator(range);
    }

    void step() {
      step++;
      int roll = random.nextInt(100);
      if (roll < 18) {
        createApp();
      } else if (roll < 36) {
        changeApp();
      } else if (roll < 44) {
        deleteApp();
      } else if (roll < 58) {
        addForeignService();
      } else if (roll < 68) {
        removeForeignService();
      } else if (roll < 94) {
        reconcileUnchangedApp();
      } else {
        loseStatus();
      }
      checkWorldInvariants();
    }

    // ---- operations

    private void createApp() {
      if (apps.size() >= 12) {
        deleteApp();
        return;
      }
      App app = new App("ns-" + random.nextInt(3), "app-" + nextId++);
      int ports = 1 + random.nextInt(4);
      for (int i = 0; i < ports; i++) {
        app.spec.put("p" + app.nextPortId++, random.nextInt(10) < 3 ? randomRequest(app) : null);
      }
      operation = "create " + app.holder + " " + app.spec;
      apps.put(app.key(), app);
      reconcile(app, Set.of());
    }

    private void changeApp() {
      App app = randomApp();
      if (app == null) {
        createApp();
        return;
      }
      List<String> names = new ArrayList<>(app.spec.keySet());
      String changed;
      int kind = random.nextInt(4);
      if (kind == 0 || names.size() == 1 && kind == 1) {
        changed = "p" + app.nextPortId++;
        app.spec.put(changed, random.nextBoolean() ? randomRequest(app) : null);
      } else if (kind == 1) {
        changed = names.get(random.nextInt(names.size()));
        app.spec.remove(changed);
      } else if (kind == 2) {
        changed = names.get(random.nextInt(names.size()));
        app.spec.put(changed, randomRequest(app));
      } else {
        changed = names.get(random.nextInt(names.size()));
        app.spec.put(changed, null);
      }
      operation = "change " + app.holder + " port " + changed + " -> spec " + app.spec;
      Set<String> unchanged = new HashSet<>(app.spec.keySet());
      unchanged.remove(changed);
      reconcile(app, unchanged);
    }

    private void deleteApp() {
      App app = randomApp();
      if (app == null) {
        return;
      }
      operation = "delete " + app.holder;
      apps.remove(app.key());
      ledger.releaseAll(app.holder);
      ledger.releaseAll(app.service);
    }

    private void addForeignService() {
      if (foreignServices.size() >= 25) {
        removeForeignService();
        return;
      }
      int port = random.nextInt(8) == 0
          ? range.end() + 1 + random.nextInt(20) // Services outside our range exist too
          : range.start() + random.nextInt(range.size());
      Holder foreign = Holder.service("other", "svc-" + nextId++);
      operation = "foreign " + foreign + " on " + port;
      // kube-apiserver refuses a nodePort another Service has; every app port is in the app's Service.
      if (ledger.holders(port).stream().anyMatch(Holder::isService)) {
        return;
      }
      if (ledger.isUsed(port)) {
        foreignServicesOnStatusOnlyPorts++; // only an app's status has it: the apiserver cannot know
      }
      foreignServices.put("other/" + foreign.name(), port);
      ledger.hold(port, foreign);
    }

    private void removeForeignService() {
      if (foreignServices.isEmpty()) {
        return;
      }
      List<String> keys = new ArrayList<>(foreignServices.keySet());
      String key = keys.get(random.nextInt(keys.size()));
      operation = "remove foreign " + key;
      foreignServices.remove(key);
      ledger.releaseAll(Holder.service("other", key.substring("other/".length())));
    }

    private void reconcileUnchangedApp() {
      App app = randomApp();
      if (app == null) {
        return;
      }
      operation = "reconcile unchanged " + app.holder + " spec " + app.spec + " status " + app.status + " service "
          + app.servicePorts;
      unchangedReconciles++;
      boolean wasComplete = app.lastReconcileComplete;
      Map<String, Integer> before = new TreeMap<>(app.servicePorts);
      reconcile(app, app.spec.keySet());
      // An unchanged app keeps exactly the ports it had (it may gain ports that were in conflict or exhausted).
      // After an interrupted reconcile, rules b and c decide instead; checkResult checks them.
      if (!wasComplete) {
        return;
      }
      for (Map.Entry<String, Integer> port : before.entrySet()) {
        assertThat(app.servicePorts).as("ports of unchanged %s", app.holder).containsEntry(port.getKey(),
            port.getValue());
      }
    }

    private void loseStatus() {
      App app = randomApp();
      if (app == null) {
        return;
      }
      operation = "lose status of " + app.holder;
      app.status.clear();
      ledger.releaseAll(app.holder);
    }

    // ---- the operator's reconcile, with the checks on its result

    private void reconcile(App app, Set<String> unchangedPortNames) {
      List<PortClaim> claims = new ArrayList<>();
      app.spec.forEach((name, requested) -> claims.add(
          new PortClaim(name, requested, app.status.get(name), app.servicePorts.get(name))));
      Predicate<Holder> ours = h -> h.equals(app.holder) || h.equals(app.service);
      Map<Holder, SortedSet<Integer>> ledgerBefore = snapshot();

      Map<String, Allocation> result = allocator.allocate(app.holder, claims, ours, ledger);

      assertThat(snapshot()).as("allocate leaves the ledger alone").isEqualTo(ledgerBefore);
      assertThat(allocator.allocate(app.holder, claims, ours, ledger)).as("same input, same answer")
          .containsExactlyEntriesOf(result);
      checkResult(app, claims, result, ours);

      Map<String, Integer> previous = app.lastReconcileComplete ? new TreeMap<>(app.servicePorts) : Map.of();
      Map<String, Integer> assigned = new LinkedHashMap<>();
      result.forEach((name, outcome) -> {
        if (outcome instanceof Assigned a) {
          assigned.put(name, a.nodePort());
        }
      });
      for (int port : assigned.values()) {
        // What kube-apiserver would check when the operator writes the Service.
        assertThat(ledger.holders(port)).as("Services already on %d", port)
            .filteredOn(Holder::isService).allMatch(app.service::equals);
      }
      int interruption = interruptions ? random.nextInt(10) : 9;
      if (interruption != 0) { // 0: crashed after the Service write, before the status write
        ledger.reserve(result, app.holder);
        app.status.clear();
        app.status.putAll(assigned);
      }
      if (interruption != 1) { // 1: crashed after the status write, before the Service write
        ledger.holdExactly(app.service, assigned.values());
        app.servicePorts.clear();
        app.servicePorts.putAll(assigned);
      }
      app.lastReconcileComplete = interruption > 1;
      if (!app.lastReconcileComplete) {
        operation += " [interrupted " + (interruption == 0 ? "before status" : "before Service") + " write]";
        return; // the stability promise below is about completed reconciles
      }

      Set<Integer> requestedNow = new HashSet<>();
      app.spec.values().stream().filter(r -> r != null).forEach(requestedNow::add);
      for (String name : unchangedPortNames) {
        Integer had = previous.get(name);
        boolean nowRequestedByAnotherPort = had != null && requestedNow.contains(had)
            && !had.equals(app.spec.get(name));
        if (had != null && !nowRequestedByAnotherPort) {
          assertThat(result.get(name)).as("unchanged port %s of %s", name, app.holder).isEqualTo(new Assigned(had));
        }
      }
    }

    private void checkResult(App app, List<PortClaim> claims, Map<String, Allocation> result,
        Predicate<Holder> ours) {
      assertThat(result.keySet()).containsExactlyElementsOf(claims.stream().map(PortClaim::portName).toList());
      Map<Integer, String> assignedPorts = new HashMap<>();
      result.forEach((name, outcome) -> {
        if (outcome instanceof Assigned a) {
          assertThat(assignedPorts.put(a.nodePort(), name)).as("port %d given twice in one app", a.nodePort())
              .isNull();
        }
      });
      for (PortClaim claim : claims) {
        Allocation outcome = result.get(claim.portName());
        outcomeCounts.merge(outcome.getClass(), 1, Integer::sum);
        String what = claim + " -> " + outcome;
        if (outcome instanceof Assigned a) {
          int port = a.nodePort();
          assertThat(range.contains(port)).as("in range: %s", what).isTrue();
          assertThat(ledger.isFreeFor(port, ours)).as("free or ours: %s", what).isTrue();
          if (claim.requested() != null) {
            assertThat(port).as(what).isEqualTo(claim.requested());
          } else if (Integer.valueOf(port).equals(claim.observed()) && !Integer.valueOf(port).equals(claim.recorded())) {
            keptFromObservedPort++;
          } else if (!Integer.valueOf(port).equals(claim.recorded())) {
            // a new port: nobody holds it, and every lower port of the range is used or went to another claim
            assertThat(ledger.isUsed(port)).as("new port unused: %s", what).isFalse();
            for (int lower = range.start(); lower < port; lower++) {
              assertThat(ledger.isUsed(lower) || assignedPorts.containsKey(lower))
                  .as("new port is the lowest free: %d was free for %s", lower, what).isTrue();
            }
          }
        } else if (outcome instanceof Conflict c) {
          assertThat(c.nodePort()).as(what).isEqualTo(claim.requested());
          if (c.holder().equals(app.holder)) {
            selfConflicts++;
            String sibling = assignedPorts.get(c.nodePort());
            assertThat(sibling).as("self conflict has a sibling: %s", what).isNotNull()
                .isNotEqualTo(claim.portName());
            PortClaim siblingClaim = claims.stream().filter(s -> s.portName().equals(sibling)).findFirst().get();
            assertThat(siblingClaim.requested()).as("sibling requested it too: %s", what).isEqualTo(c.nodePort());
          } else {
            List<Holder> holders = ledger.holders(c.nodePort());
            assertThat(holders).as("conflict names a real holder: %s", what).contains(c.holder());
            assertThat(ours.test(c.holder())).as("conflict names someone else: %s", what).isFalse();
            boolean foreignServiceHolds = holders.stream().anyMatch(h -> h.isService() && !ours.test(h));
            assertThat(c.holder().isService()).as("conflict prefers a Service: %s", what)
                .isEqualTo(foreignServiceHolds);
          }
        } else if (outcome instanceof OutOfRange o) {
          assertThat(o.nodePort()).as(what).isEqualTo(claim.requested());
          assertThat(range.contains(o.nodePort())).as(what).isFalse();
          assertThat(o.source()).isEqualTo(PortSource.of(range));
        } else if (outcome instanceof Exhausted) {
          assertThat(claim.requested()).as(what).isNull();
          for (int port = range.start(); port <= range.end(); port++) {
            assertThat(ledger.isUsed(port) || assignedPorts.containsKey(port))
                .as("exhausted, yet %d was free: %s", port, what).isTrue();
          }
        }
        // A recorded port that is still valid is kept (rule b); else a valid observed one (rule c).
        if (claim.requested() == null) {
          boolean recordedValid = keepable(claim.recorded(), claim, result, ours);
          if (recordedValid) {
            assertThat(outcome).as("keeps recorded: %s", what).isEqualTo(new Assigned(claim.recorded()));
          } else if (keepable(claim.observed(), claim, result, ours)) {
            assertThat(outcome).as("keeps observed: %s", what).isEqualTo(new Assigned(claim.observed()));
          }
        }
      }
    }

    private boolean keepable(Integer port, PortClaim claim, Map<String, Allocation> result, Predicate<Holder> ours) {
      return port != null && range.contains(port) && ledger.isFreeFor(port, ours)
          && !claimedByAnotherPort(port, claim, result);
    }

    private static boolean claimedByAnotherPort(int port, PortClaim claim, Map<String, Allocation> result) {
      return result.entrySet().stream().anyMatch(e -> !e.getKey().equals(claim.portName())
          && e.getValue().equals(new Assigned(port)));
    }

    // ---- invariants of the whole world, after every step

    private void checkWorldInvariants() {
      Map<Holder, SortedSet<Integer>> expected = new HashMap<>();
      Map<Integer, Set<String>> ownersByPort = new HashMap<>(); // apps (status or Service) and foreign Services
      Map<Integer, Set<String>> serviceOwnersByPort = new HashMap<>();
      Map<Integer, Set<String>> appsByPort = new HashMap<>();
      for (App app : apps.values()) {
        if (app.lastReconcileComplete) {
          assertThat(app.status.isEmpty() || app.status.equals(app.servicePorts))
              .as("status of %s matches its Service or was lost", app.holder).isTrue();
        }
        Set<Integer> appPorts = new TreeSet<>(app.servicePorts.values());
        appPorts.addAll(app.status.values());
        for (int port : appPorts) {
          assertThat(range.contains(port)).as("%s port %d in range", app.holder, port).isTrue();
          ownersByPort.computeIfAbsent(port, p -> new TreeSet<>()).add(app.key());
          appsByPort.computeIfAbsent(port, p -> new TreeSet<>()).add(app.key());
        }
        app.servicePorts.values().forEach(port ->
            serviceOwnersByPort.computeIfAbsent(port, p -> new TreeSet<>()).add(app.key()));
        if (!app.status.isEmpty()) {
          expected.put(app.holder, new TreeSet<>(app.status.values()));
        }
        if (!app.servicePorts.isEmpty()) {
          expected.put(app.service, new TreeSet<>(app.servicePorts.values()));
        }
      }
      foreignServices.forEach((key, port) -> {
        Holder foreign = Holder.service("other", key.substring("other/".length()));
        expected.put(foreign, new TreeSet<>(Set.of(port)));
        ownersByPort.computeIfAbsent(port, p -> new TreeSet<>()).add(key);
        serviceOwnersByPort.computeIfAbsent(port, p -> new TreeSet<>()).add(key);
      });

      assertThat(snapshot()).as("ledger matches the world").isEqualTo(expected);
      serviceOwnersByPort.forEach((port, owners) ->
          assertThat(owners).as("Services on port %d", port).hasSize(1));
      appsByPort.forEach((port, owners) -> assertThat(owners).as("apps holding port %d", port).hasSize(1));
      if (!interruptions) {
        ownersByPort.forEach((port, owners) -> assertThat(owners).as("owners of port %d", port).hasSize(1));
      }
      for (int port = range.start(); port <= range.end(); port++) {
        assertThat(ledger.isUsed(port)).as("used bit of %d", port).isEqualTo(ownersByPort.containsKey(port));
      }
    }

    private Map<Holder, SortedSet<Integer>> snapshot() {
      Map<Holder, SortedSet<Integer>> snapshot = new HashMap<>();
      ledger.allHolders().forEach(h -> snapshot.put(h, ledger.portsHeldBy(h)));
      return snapshot;
    }

    // ---- random choices

    private App randomApp() {
      if (apps.isEmpty()) {
        return null;
      }
      List<App> all = new ArrayList<>(apps.values());
      return all.get(random.nextInt(all.size()));
    }

    private Integer randomRequest(App app) {
      int kind = random.nextInt(10);
      if (kind == 0) {
        return random.nextBoolean() ? range.start() - 1 - random.nextInt(10) : range.end() + 1 + random.nextInt(10);
      }
      if (kind <= 3) { // a port somebody uses now: a likely conflict
        List<Integer> used = new ArrayList<>();
        for (int port = range.start(); port <= range.end(); port++) {
          if (ledger.isUsed(port)) {
            used.add(port);
          }
        }
        if (!used.isEmpty()) {
          return used.get(random.nextInt(used.size()));
        }
      }
      if (kind == 4) { // a port this app already requests: a self conflict
        List<Integer> mine = app.spec.values().stream().filter(r -> r != null).sorted(Comparator.naturalOrder())
            .toList();
        if (!mine.isEmpty()) {
          return mine.get(random.nextInt(mine.size()));
        }
      }
      return range.start() + random.nextInt(range.size());
    }
  }

  private static final class App {
    final Holder holder;
    final Holder service;
    final Map<String, Integer> spec = new LinkedHashMap<>(); // port name -> requested nodePort or null
    final Map<String, Integer> status = new TreeMap<>();
    final Map<String, Integer> servicePorts = new TreeMap<>();
    boolean lastReconcileComplete = true;
    int nextPortId;

    App(String namespace, String name) {
      holder = Holder.exposedApp(namespace, name);
      service = Holder.service(namespace, name);
    }

    String key() {
      return holder.namespace() + "/" + holder.name();
    }
  }
}
