package io.exposedapp.ledger;

import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import io.exposedapp.api.ExposedApp;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

/**
 * An informer's store that passes every change of its contents to {@link ClusterPorts}, under the ledger's lock. The
 * informer changes its cache only through its store (adds, updates and deletes from the watch, and a re-list's
 * replacements and removals alike), so the ledger cannot miss a change, nor see changes in another order than the
 * cache.
 */
public final class PortFeedingStore<R extends HasMetadata> implements ItemStore<R> {

  private final ItemStore<R> cache;
  private final ClusterPorts ports;
  private final BiConsumer<ClusterPorts, R> changed;
  private final BiConsumer<ClusterPorts, R> removed;
  /** Hears of each change (before, after; after is null when removed) once the ledger's lock is released. */
  private final BiConsumer<R, R> afterChange;

  private PortFeedingStore(ItemStore<R> cache, ClusterPorts ports, BiConsumer<ClusterPorts, R> changed,
      BiConsumer<ClusterPorts, R> removed, BiConsumer<R, R> afterChange) {
    this.cache = cache;
    this.ports = ports;
    this.changed = changed;
    this.removed = removed;
    this.afterChange = afterChange;
  }

  /** The Services' store {@code cache}, feeding each Service's nodePorts to {@code ports}. */
  public static PortFeedingStore<Service> services(ItemStore<Service> cache, ClusterPorts ports) {
    return new PortFeedingStore<>(cache, ports, ClusterPorts::serviceChanged, ClusterPorts::serviceRemoved,
        (before, after) -> {
        });
  }

  /**
   * The ExposedApps' store {@code cache}, feeding each app's recorded ports to {@code ports}; {@code gone} also hears
   * of each app removed (under the ledger's lock: it must not wait for anything), and {@code portsChanged} of each app
   * whose recorded ports changed or that was removed with ports, after the lock is released.
   */
  public static PortFeedingStore<ExposedApp> apps(ItemStore<ExposedApp> cache, ClusterPorts ports,
      java.util.function.Consumer<ExposedApp> gone, Runnable portsChanged) {
    return new PortFeedingStore<>(cache, ports, ClusterPorts::appChanged, (p, app) -> {
      p.appRemoved(app);
      gone.accept(app);
    }, (before, after) -> {
      if (before != null && !Arrays.equals(ClusterPorts.recordedPorts(before),
          after == null ? ClusterPorts.NONE : ClusterPorts.recordedPorts(after))) {
        portsChanged.run();
      }
    });
  }

  @Override
  public R put(String key, R object) {
    R before;
    synchronized (ports) {
      before = cache.put(key, object);
      changed.accept(ports, object);
    }
    afterChange.accept(before, object);
    return before;
  }

  @Override
  public R remove(String key) {
    R before;
    synchronized (ports) {
      before = cache.remove(key);
      if (before != null) {
        removed.accept(ports, before);
      }
    }
    if (before != null) {
      afterChange.accept(before, null);
    }
    return before;
  }

  @Override
  public String getKey(R object) {
    return cache.getKey(object);
  }

  @Override
  public Stream<String> keySet() {
    return cache.keySet();
  }

  @Override
  public Stream<R> values() {
    return cache.values();
  }

  @Override
  public int size() {
    return cache.size();
  }

  @Override
  public R get(String key) {
    return cache.get(key);
  }

  @Override
  public boolean isFullState() {
    return cache.isFullState();
  }
}
