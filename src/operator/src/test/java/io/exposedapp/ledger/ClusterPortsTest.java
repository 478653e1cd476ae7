package io.exposedapp.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.exposedapp.allocation.Holder;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppStatus;
import io.exposedapp.api.NodePortStatus;
import io.exposedapp.api.Protocol;
import io.exposedapp.cache.ManagedFieldsTrimmingStore;
import io.exposedapp.cache.ServiceStore;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

class ClusterPortsTest {

  private final ClusterPorts ports = new ClusterPorts();
  private final PortFeedingStore<Service> services = PortFeedingStore.services(new ServiceStore("exposedapp"), ports);
  private final AtomicInteger portsChanged = new AtomicInteger();
  private final PortFeedingStore<ExposedApp> apps = PortFeedingStore.apps(new ManagedFieldsTrimmingStore<>(Set.of()),
      ports, app -> { }, portsChanged::incrementAndGet);

  @Test
  void theAppStoreTellsOfEveryAppWhosePortsChangedOrThatLeftWithPorts() {
    apps.put("ns/web", app("web", null));
    apps.put("ns/web", app("web", null));
    assertThat(portsChanged).as("a new app, and an app with no ports seen again").hasValue(0);
    apps.put("ns/web", app("web", 31000));
    assertThat(portsChanged).as("ports recorded").hasValue(1);
    apps.put("ns/web", app("web", 31000));
    assertThat(portsChanged).as("the same ports again (a status write, a re-list)").hasValue(1);
    apps.put("ns/web", app("web", 31001));
    assertThat(portsChanged).as("a port given back for another").hasValue(2);
    apps.remove("ns/web");
    assertThat(portsChanged).as("gone with its port").hasValue(3);
    apps.put("ns/idle", app("idle", null));
    apps.remove("ns/idle");
    assertThat(portsChanged).as("gone without a port").hasValue(3);
  }

  @Test
  void aServiceHoldsItsNodePortsUntilRemovedAndTcpAndUdpSharingOneCountOnce() {
    Service dns = service("kube-system", "dns", 30053, 30053);
    services.put("kube-system/dns", dns);

    assertThat(holders(30053)).containsExactly(Holder.service("kube-system", "dns"));
    services.remove("kube-system/dns");
    assertThat(holders(30053)).isEmpty();
  }

  @Test
  void anUpdateReleasesThePortsTheServiceNoLongerHas() {
    services.put("ns/web", service("ns", "web", 30001, 30002));
    services.put("ns/web", service("ns", "web", 30002, 30003));

    assertThat(holders(30001)).isEmpty();
    assertThat(holders(30002)).containsExactly(Holder.service("ns", "web"));
    assertThat(holders(30003)).containsExactly(Holder.service("ns", "web"));
  }

  @Test
  void aCachedAppWithoutPortsIsKnownAndARemovedOneIsNot() {
    apps.put("ns/web", app("web", null));
    Holder web = Holder.exposedApp("ns", "web");
    assertThat(recorded(ports, web)).contains(Set.of());

    apps.put("ns/web", app("web", 31000));
    assertThat(recorded(ports, web)).contains(Set.of(31000));
    assertThat(holders(31000)).containsExactly(web);

    apps.remove("ns/web");
    assertThat(recorded(ports, web)).isEmpty();
    assertThat(holders(31000)).isEmpty();
  }

  @Test
  void aStatusEditedByHandToANumberThatIsNoPortIsIgnoredInsteadOfBreakingTheCache() {
    apps.put("ns/web", app("web", 70000));

    assertThat(recorded(ports, Holder.exposedApp("ns", "web"))).contains(Set.of());
  }

  @Test
  void theRepairFindsAHolderTheLedgerHasWrongNamesItAndTakesTheCachesContents() {
    services.put("ns/web", service("ns", "web", 30001));
    // a change that did not come through the store: the ledger believes in a Service the cache does not have
    ports.serviceChanged(service("ns", "ghost", 30002));
    // and misses a port the cached Service has
    ports.serviceChanged(service("ns", "web"));

    ClusterPorts.Drift drift = ports.repair(() -> services.values().toList(), () -> apps.values().toList());

    assertThat(drift.differences()).containsExactly("Service ns/ghost [30002] -> none",
        "Service ns/web none -> [30001]");
    assertThat(holders(30001)).containsExactly(Holder.service("ns", "web"));
    assertThat(holders(30002)).isEmpty();
    assertThat(ports.repair(() -> services.values().toList(), () -> apps.values().toList()).found()).isFalse();
  }

  private List<Holder> holders(int port) {
    return ports.read(r -> r.inUse().holders(port));
  }

  static Service service(String namespace, String name, Integer... nodePorts) {
    var spec = new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .withNewSpec().withType("NodePort");
    for (int i = 0; i < nodePorts.length; i++) {
      spec.addNewPort().withName("p" + i).withPort(53).withProtocol(i % 2 == 0 ? "TCP" : "UDP")
          .withNodePort(nodePorts[i]).endPort();
    }
    return spec.endSpec().build();
  }

  private static ExposedApp app(String name, Integer nodePort) {
    ExposedApp app = new ExposedApp();
    app.setMetadata(new ObjectMetaBuilder().withNamespace("ns").withName(name).build());
    Optional.ofNullable(nodePort).ifPresent(p -> app.setStatus(new ExposedAppStatus(1L, name,
        List.of(new NodePortStatus("http", 80, Protocol.TCP, p)), null, null, null, List.of())));
    return app;
  }

  private static java.util.Optional<Set<Integer>> recorded(ClusterPorts ports, Holder app) {
    return ports.read(r -> r.recordedBy(app));
  }
}
