package io.exposedapp.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.exposedapp.allocation.Holder;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppStatus;
import io.exposedapp.api.NodePortStatus;
import io.exposedapp.api.Protocol;
import io.exposedapp.cache.ManagedFieldsTrimmingStore;
import io.exposedapp.cache.ServiceStore;
import io.exposedapp.meta.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * Random sequences of what an informer does to its store (adds, updates, deletes, re-lists that replace every object
 * and drop the missing ones, and stale objects delivered after newer ones), replayed on the stores that feed {@link
 * ClusterPorts}. After every step the ledger must equal one rebuilt from the stores' contents, port by port and holder
 * by holder. Few names and few ports, so that objects collide on names and ports share holders. A failure names the
 * seed; rerun just that seed with {@code -Dledger.seed=<seed>}.
 */
class ClusterPortsPropertyTest {

  private static final int STEPS = 3000;
  private static final int FIRST_PORT = 30000;
  private static final int PORTS = 24;

  enum Step { SERVICE_PUT, SERVICE_DELETE, APP_PUT, APP_DELETE, RELIST_SERVICES, RELIST_APPS, STALE_SERVICE,
    STALE_APP }

  static LongStream seeds() {
    String chosen = System.getProperty("ledger.seed");
    if (chosen != null) {
      return LongStream.of(Long.parseLong(chosen));
    }
    return LongStream.of(1L, 7L, 42L, 2024L, 31337L, 987654321L);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theLedgerFedByTheStoresEqualsARebuildFromTheirContentsAfterEveryStep(long seed) {
    Random random = new Random(seed);
    ClusterPorts live = new ClusterPorts();
    List<ExposedApp> gone = new ArrayList<>();
    PortFeedingStore<Service> services = PortFeedingStore.services(new ServiceStore("exposedapp"), live);
    PortFeedingStore<ExposedApp> apps = PortFeedingStore.apps(new ManagedFieldsTrimmingStore<>(Set.of()), live,
        gone::add, () -> { });
    // every version each object had, so that an older one can be delivered late
    Map<String, List<Service>> serviceHistory = new HashMap<>();
    Map<String, List<ExposedApp>> appHistory = new HashMap<>();
    Map<Step, Integer> done = new EnumMap<>(Step.class);
    int[] version = {0};

    for (int i = 0; i < STEPS; i++) {
      Step step = Step.values()[random.nextInt(Step.values().length)];
      switch (step) {
        case SERVICE_PUT -> {
          Service service = service(random, ++version[0]);
          serviceHistory.computeIfAbsent(key(service), k -> new ArrayList<>()).add(service);
          services.put(key(service), service);
        }
        case SERVICE_DELETE -> services.remove(key("ns-" + random.nextInt(3), "svc-" + random.nextInt(8)));
        case APP_PUT -> {
          ExposedApp app = app(random, ++version[0]);
          appHistory.computeIfAbsent(key(app), k -> new ArrayList<>()).add(app);
          apps.put(key(app), app);
        }
        case APP_DELETE -> apps.remove(key("ns-" + random.nextInt(3), "app-" + random.nextInt(8)));
        case RELIST_SERVICES -> {
          Map<String, Service> listed = new HashMap<>();
          for (int n = random.nextInt(12); n > 0; n--) {
            Service service = service(random, ++version[0]);
            listed.put(key(service), service);
          }
          relist(services, listed);
        }
        case RELIST_APPS -> {
          Map<String, ExposedApp> listed = new HashMap<>();
          for (int n = random.nextInt(12); n > 0; n--) {
            ExposedApp app = app(random, ++version[0]);
            listed.put(key(app), app);
          }
          relist(apps, listed);
        }
        case STALE_SERVICE -> serviceHistory.values().stream().skip(random.nextInt(Math.max(1,
            serviceHistory.size()))).findFirst().ifPresent(versions -> {
              Service stale = versions.get(random.nextInt(versions.size()));
              services.put(key(stale), stale);
            });
        case STALE_APP -> appHistory.values().stream().skip(random.nextInt(Math.max(1, appHistory.size())))
            .findFirst().ifPresent(versions -> {
              ExposedApp stale = versions.get(random.nextInt(versions.size()));
              apps.put(key(stale), stale);
            });
        default -> throw new IllegalStateException(step.toString());
      }
      done.merge(step, 1, Integer::sum);

      ClusterPorts rebuilt = ClusterPorts.of(services.values().toList(), apps.values().toList());
      assertThat(holdings(live)).as("seed %d, step %d (%s): the ledger against a rebuild", seed, i, step)
          .isEqualTo(holdings(rebuilt));
      for (ExposedApp app : apps.values().toList()) {
        Holder holder = Holder.exposedApp(app.getMetadata().getNamespace(), app.getMetadata().getName());
        assertThat(recorded(live, holder))
            .as("seed %d, step %d: %s as cached", seed, i, holder).isEqualTo(recorded(rebuilt, holder));
      }
    }
    assertThat(done.keySet()).as("steps reached").containsExactlyInAnyOrder(Step.values());
    assertThat(gone).as("apps removed were reported").isNotEmpty();
    assertThat(live.repair(() -> services.values().toList(), () -> apps.values().toList()).found())
        .as("the repair finds nothing to repair").isFalse();
  }

  /** What fabric8's informer does on a re-list: every listed object put, then every other one removed. */
  private static <R extends HasMetadata> void relist(PortFeedingStore<R> store, Map<String, R> listed) {
    listed.forEach(store::put);
    store.keySet().filter(k -> !listed.containsKey(k)).toList().forEach(store::remove);
  }

  /** Every port of the test's range with its holders, in the ledger's order. */
  private static Map<Integer, List<Holder>> holdings(ClusterPorts ports) {
    return ports.read(r -> {
      Map<Integer, List<Holder>> all = new HashMap<>();
      for (int port = FIRST_PORT; port < FIRST_PORT + PORTS; port++) {
        if (r.inUse().isUsed(port) || !r.inUse().holders(port).isEmpty()) {
          all.put(port, r.inUse().holders(port));
        }
      }
      return all;
    });
  }

  private static Service service(Random random, int version) {
    List<ServicePort> ports = new ArrayList<>();
    for (int n = random.nextInt(4); n > 0; n--) {
      Integer nodePort = random.nextInt(5) == 0 ? null : FIRST_PORT + random.nextInt(PORTS);
      ports.add(new ServicePortBuilder().withName("p" + n).withPort(80 + n).withNodePort(nodePort).build());
      if (nodePort != null && random.nextInt(6) == 0) {
        // the same nodePort for TCP and UDP, as DNS Services have
        ports.add(new ServicePortBuilder().withName("u" + n).withPort(80 + n).withProtocol("UDP")
            .withNodePort(nodePort).build());
      }
    }
    var meta = new ObjectMetaBuilder().withNamespace("ns-" + random.nextInt(3)).withName("svc-" + random.nextInt(8))
        .withResourceVersion(Integer.toString(version));
    if (random.nextBoolean()) {
      meta.addToLabels(Labels.MANAGED_BY, Labels.OPERATOR);
    }
    return new ServiceBuilder().withMetadata(meta.build()).withNewSpec()
        .withType(random.nextBoolean() ? "NodePort" : "LoadBalancer").withPorts(ports)
        .withHealthCheckNodePort(random.nextInt(4) == 0 ? FIRST_PORT + random.nextInt(PORTS) : null)
        .endSpec().build();
  }

  private static ExposedApp app(Random random, int version) {
    ExposedApp app = new ExposedApp();
    app.setMetadata(new ObjectMetaBuilder().withNamespace("ns-" + random.nextInt(3))
        .withName("app-" + random.nextInt(8)).withResourceVersion(Integer.toString(version)).build());
    int choice = random.nextInt(4);
    if (choice > 0) {
      List<NodePortStatus> ports = new ArrayList<>();
      for (int n = choice - 1; n > 0; n--) {
        ports.add(new NodePortStatus("p" + n, 80, Protocol.TCP, FIRST_PORT + random.nextInt(PORTS)));
      }
      app.setStatus(new ExposedAppStatus(1L, null, ports, null, null, null, List.of()));
    }
    return app;
  }

  private static String key(HasMetadata object) {
    return Cache.metaNamespaceKeyFunc(object);
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  private static java.util.Optional<Set<Integer>> recorded(ClusterPorts ports, Holder app) {
    return ports.read(r -> r.recordedBy(app));
  }
}
