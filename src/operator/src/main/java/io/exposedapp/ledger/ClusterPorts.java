package io.exposedapp.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

import io.exposedapp.allocation.Holder;
import io.exposedapp.allocation.PortLedger;
import io.exposedapp.allocation.PortRange;
import io.exposedapp.allocation.PortsInUse;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.NodePortStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

/**
 * Every nodePort the operator's caches show in use: each Service's, of the whole cluster, and each ExposedApp's as
 * recorded in its status. It changes with the caches ({@link PortFeedingStore}), so a plan reads it as it is instead
 * of rebuilding a ledger from every cached object, which cost a pass over 10,000 Services per plan in a big cluster.
 * {@link #repair} compares it with a rebuild from the caches and takes the rebuild on any difference.
 *
 * <p>Thread-safe: every change and every read holds this object's lock, and the feeding stores change the caches
 * under the same lock, so whoever holds it sees the ledger and the caches agree.
 */
public final class ClusterPorts {

  static final int[] NONE = {};

  private PortLedger ledger = new PortLedger();
  /**
   * Each holder's ports as last recorded, ascending and distinct: every Service with a nodePort, and every cached app
   * (also with none, which tells a cached app from one that is gone).
   */
  private Map<Holder, int[]> held = new HashMap<>();

  /** A ledger of these objects at once (tests, {@code render}, and {@link #repair}'s comparison). */
  public static ClusterPorts of(Collection<Service> services, Collection<ExposedApp> apps) {
    ClusterPorts ports = new ClusterPorts();
    services.forEach(ports::serviceChanged);
    apps.forEach(ports::appChanged);
    return ports;
  }

  /** The Service was added or changed: it holds exactly its nodePorts now. */
  public synchronized void serviceChanged(Service service) {
    record(holder(service), nodePorts(service), false);
  }

  public synchronized void serviceRemoved(Service service) {
    record(holder(service), NONE, false);
  }

  /** The app was added or changed: it holds exactly the ports its status records now. */
  public synchronized void appChanged(ExposedApp app) {
    record(holder(app), recordedPorts(app), true);
  }

  public synchronized void appRemoved(ExposedApp app) {
    Holder holder = holder(app);
    record(holder, NONE, true);
    held.remove(holder);
  }

  /** Reads the ports in use, with nothing changing them until {@code reader} returns. */
  public synchronized <T> T read(Function<Reading, T> reader) {
    return reader.apply(new Reading() {
      @Override
      public PortsInUse inUse() {
        return ledger;
      }

      @Override
      public Optional<Set<Integer>> recordedBy(Holder app) {
        int[] ports = held.get(app);
        if (ports == null) {
          return Optional.empty();
        }
        Set<Integer> set = new HashSet<>();
        for (int port : ports) {
          set.add(port);
        }
        return Optional.of(set);
      }
    });
  }

  /** What a reader sees; valid only inside {@link #read}. */
  public interface Reading {

    /** Every port in use as the caches show it. */
    PortsInUse inUse();

    /** The ports the app's cached status records; empty when the app is not cached (deleted, or never seen). */
    Optional<Set<Integer>> recordedBy(Holder app);
  }

  /**
   * Compares this ledger with one rebuilt from the caches' contents, read under this lock, and replaces it with the
   * rebuild if they differ (like kube-apiserver's repair of its own nodePort allocations). Should never find anything:
   * a difference means a change of a cache that did not reach the ledger.
   */
  public synchronized Drift repair(Supplier<Collection<Service>> services, Supplier<Collection<ExposedApp>> apps) {
    ClusterPorts rebuilt = of(services.get(), apps.get());
    Set<Holder> differing = new TreeSet<>(java.util.Comparator.comparing(Holder::toString));
    rebuilt.held.forEach((holder, ports) -> {
      if (!Arrays.equals(ports, held.get(holder))) {
        differing.add(holder);
      }
    });
    held.keySet().stream().filter(h -> !rebuilt.held.containsKey(h)).forEach(differing::add);
    if (differing.isEmpty()) {
      return new Drift(List.of(), rebuilt.held.size());
    }
    List<String> described = new ArrayList<>();
    for (Holder holder : differing) {
      described.add(holder + " " + describe(held.get(holder)) + " -> " + describe(rebuilt.held.get(holder)));
    }
    ledger = rebuilt.ledger;
    held = rebuilt.held;
    return new Drift(described, rebuilt.held.size());
  }

  /**
   * What {@link #repair} found.
   *
   * @param differences each holder whose ports differed, as "Service ns/name [30001] -> [30002]" (absent: "none")
   * @param holders how many holders the caches show
   */
  public record Drift(List<String> differences, int holders) {
    public boolean found() {
      return !differences.isEmpty();
    }
  }

  private static String describe(int[] ports) {
    return ports == null ? "none" : Arrays.toString(ports);
  }

  private void record(Holder holder, int[] ports, boolean keepWhenEmpty) {
    int[] before = held.getOrDefault(holder, NONE);
    if (!Arrays.equals(before, ports)) {
      for (int port : before) {
        if (Arrays.binarySearch(ports, port) < 0) {
          ledger.release(port, holder);
        }
      }
      for (int port : ports) {
        ledger.hold(port, holder);
      }
    }
    if (ports.length > 0 || keepWhenEmpty) {
      held.put(holder, ports);
    } else {
      held.remove(holder);
    }
  }

  private static Holder holder(Service service) {
    return Holder.service(service.getMetadata().getNamespace(), service.getMetadata().getName());
  }

  private static Holder holder(ExposedApp app) {
    return Holder.exposedApp(app.getMetadata().getNamespace(), app.getMetadata().getName());
  }

  /** Every nodePort of the Service, its health check's included, ascending and distinct (TCP and UDP may share). */
  static int[] nodePorts(Service service) {
    if (service.getSpec() == null) {
      return NONE;
    }
    List<ServicePort> servicePorts = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
    int[] ports = new int[servicePorts.size() + 1];
    int n = 0;
    for (ServicePort p : servicePorts) {
      if (isPort(p.getNodePort())) {
        ports[n++] = p.getNodePort();
      }
    }
    Integer healthCheck = service.getSpec().getHealthCheckNodePort();
    if (isPort(healthCheck)) {
      ports[n++] = healthCheck;
    }
    return n == 0 ? NONE : Arrays.stream(ports, 0, n).sorted().distinct().toArray();
  }

  /** Not 0 (unset), and nothing a hand-edited status could hold that is no port at all. */
  private static boolean isPort(Integer port) {
    return port != null && port >= PortRange.MIN_PORT && port <= PortRange.MAX_PORT;
  }

  /** The nodePorts the app's status records, ascending and distinct. */
  static int[] recordedPorts(ExposedApp app) {
    if (app.getStatus() == null || app.getStatus().nodePorts() == null) {
      return NONE;
    }
    // the health check's too: a LoadBalancer Service with externalTrafficPolicy Local holds one
    return java.util.stream.Stream.concat(app.getStatus().nodePorts().stream().map(NodePortStatus::nodePort),
            java.util.stream.Stream.of(app.getStatus().healthCheckNodePort()))
        .filter(ClusterPorts::isPort).mapToInt(Integer::intValue).sorted().distinct().toArray();
  }
}
