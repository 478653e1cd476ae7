package io.exposedapp.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.apiserver.ApiTestServer;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.Conditions;
import io.exposedapp.testing.OperatorProcess;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * Watches what a user would: when each app's Service first exists with its nodePorts, and when each app first reports
 * Ready. Times are {@link System#nanoTime()} at the watch event, in the benchmark JVM, for operator and baseline alike.
 */
final class Observer implements AutoCloseable {

  private final KubernetesClient client;
  private final Map<String, Long> serviceSeen = new ConcurrentHashMap<>();
  private final Map<String, Long> readySeen = new ConcurrentHashMap<>();
  private final SharedIndexInformer<Service> services;
  private final SharedIndexInformer<ExposedApp> apps;

  Observer(ApiTestServer server) {
    this(server.newClient());
  }

  /** Observes with {@code client}, which it closes. */
  Observer(KubernetesClient client) {
    this.client = client;
    this.services = client.services().inAnyNamespace().inform(handler(s -> s.getSpec() != null
        && "NodePort".equals(s.getSpec().getType()) && s.getSpec().getPorts().stream()
            .allMatch(p -> p.getNodePort() != null && p.getNodePort() > 0), serviceSeen));
    this.apps = client.resources(ExposedApp.class).inAnyNamespace().inform(handler(a -> a.getStatus() != null
        && Conditions.isTrue(a.getStatus().conditions(), ConditionTypes.READY), readySeen));
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> handler(java.util.function.Predicate<T> reached,
      Map<String, Long> seen) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        onUpdate(null, obj);
      }

      @Override
      public void onUpdate(T oldObj, T obj) {
        if (reached.test(obj)) {
          seen.putIfAbsent(key(obj), System.nanoTime());
        }
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
      }
    };
  }

  static String key(HasMetadata object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }

  /** When the app's Service (same name) was first seen with every nodePort set; null if not yet. */
  Long serviceSeen(String key) {
    return serviceSeen.get(key);
  }

  /** When the app was first seen Ready; null if not yet. */
  Long readySeen(String key) {
    return readySeen.get(key);
  }

  /** Waits until every key was seen Ready; returns the nanoTime of the last one. */
  long awaitAllReady(Collection<String> keys, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long missing = keys.stream().filter(k -> !readySeen.containsKey(k)).count();
      if (missing == 0) {
        return keys.stream().mapToLong(readySeen::get).max().orElseThrow();
      }
      OperatorProcess.sleep(50);
    }
    throw new IllegalStateException(keys.stream().filter(k -> !readySeen.containsKey(k)).count() + " of "
        + keys.size() + " apps not Ready within " + timeout);
  }

  /** The Services as this observer's cache sees them. */
  Collection<Service> services() {
    return services.getStore().list();
  }

  @Override
  public void close() {
    services.close();
    apps.close();
    client.close();
  }
}
