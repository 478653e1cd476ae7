package io.exposedapp.bench;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.exposedapp.allocation.Allocation;
import io.exposedapp.allocation.PortSource;
import io.exposedapp.allocation.PortRange;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.PortSpec;
import io.exposedapp.apiserver.ApiTestServer;
import io.exposedapp.config.IngressDefaults;
import io.exposedapp.ingress.DesiredIngress;
import io.exposedapp.service.DesiredService;
import io.exposedapp.plan.ExposurePlan;
import io.exposedapp.status.Conditions;
import io.exposedapp.ingress.IngressReadiness;
import io.exposedapp.status.StatusFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * The baseline: the least any controller must do per app, with the same fabric8 client and as many threads as JOSDK
 * reconciles with. On each new ExposedApp it applies the Service the operator would (ports from a counter, no
 * ledger, no validation), applies the Ingress when wanted, and patches the status once: at once without an Ingress,
 * else when the ALB address appears. No JOSDK, no workflow, no allocation, no Events.
 */
final class BaselineController implements AutoCloseable {

  static final String USER_AGENT = "exposedapp-baseline";
  /** JOSDK's default reconcile pool (ConfigurationService.DEFAULT_RECONCILIATION_THREADS_NUMBER). */
  static final int THREADS = 50;

  private final KubernetesClient client;
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
  private final PortRange range;
  /** The range's ports no foreign Service holds, handed out in order. */
  private final int[] freePorts;
  private final AtomicInteger nextPort = new AtomicInteger();
  private final StatusFactory statuses = new StatusFactory(new Conditions(Clock.systemUTC()));
  /** Apps whose Ingress is applied and whose status waits for the ALB address. */
  private final Map<String, ExposurePlan> awaitingAddress = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private SharedIndexInformer<ExposedApp> apps;

  /**
   * @param heldByOthers ports of the range that foreign Services hold: skipped (the baseline is told them, instead of
   *        keeping a ledger)
   */
  BaselineController(ApiTestServer server, PortRange range, java.util.Set<Integer> heldByOthers) {
    this.client = new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(server.clientConfig()).withUserAgent(USER_AGENT).build()).build();
    this.range = range;
    this.freePorts = java.util.stream.IntStream.rangeClosed(range.start(), range.end())
        .filter(p -> !heldByOthers.contains(p)).toArray();
  }

  /** The apps created so far are gone (their Services with them): hand out the free ports from the first again. */
  void rangeIsEmptyAgain() {
    nextPort.set(0);
  }

  /** Starts the informers and returns once they have synced. */
  BaselineController start() {
    apps = client.resources(ExposedApp.class).inAnyNamespace().inform(on(app -> pool.submit(() -> expose(app)), false));
    informers.add(apps);
    informers.add(client.network().v1().ingresses().inAnyNamespace().inform(on(this::addressMaybeAssigned, true)));
    return this;
  }

  private void expose(ExposedApp app) {
    List<ExposurePlan.PlannedPort> ports = new ArrayList<>();
    for (PortSpec port : app.getSpec().ports()) {
      ports.add(new ExposurePlan.PlannedPort(port, new Allocation.Assigned(freePorts[nextPort.getAndIncrement()])));
    }
    ExposurePlan plan = new ExposurePlan(app.getSpec().effectiveServiceName(app.getMetadata().getName()), ports,
        Optional.empty(), List.of(), app.getMetadata().getName(), Optional.empty(), List.of(), PortSource.of(range),
        false, false, Optional.empty(), List.of(), List.of());
    apply(DesiredService.of(app, plan));
    if (app.getSpec().wantsIngress()) {
      awaitingAddress.put(Observer.key(app), plan);
      apply(DesiredIngress.of(app, plan, IngressDefaults.AWS));
    } else {
      patchStatus(app, plan, Optional.empty());
    }
  }

  private void addressMaybeAssigned(Ingress ingress) {
    boolean hasAddress = IngressReadiness.albHostname(ingress).isPresent();
    ExposurePlan plan = hasAddress ? awaitingAddress.remove(Observer.key(ingress)) : null;
    if (plan != null) {
      ExposedApp app = apps.getStore().getByKey(Observer.key(ingress));
      pool.submit(() -> patchStatus(app, plan, Optional.of(ingress)));
    }
  }

  private void apply(HasMetadata desired) {
    client.resource(desired).fieldManager(USER_AGENT).forceConflicts().serverSideApply();
  }

  private void patchStatus(ExposedApp app, ExposurePlan plan, Optional<Ingress> ingress) {
    ExposedApp statusOnly = new ExposedApp();
    statusOnly.setMetadata(new ObjectMetaBuilder().withNamespace(app.getMetadata().getNamespace())
        .withName(app.getMetadata().getName()).build());
    StatusFactory.WriteOutcome applied = new StatusFactory.WriteOutcome.Applied();
    statusOnly.setStatus(statuses.status(app, plan, applied, IngressReadiness.of(app, plan, applied, ingress)
        .stream().toList()));
    client.resource(statusOnly).subresource("status").patch(new PatchContext.Builder()
        .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(USER_AGENT).withForce(true).build());
  }

  /** Calls {@code action} for objects added, and for updated ones too when {@code updates}. */
  private static <T> ResourceEventHandler<T> on(java.util.function.Consumer<T> action, boolean updates) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        action.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T obj) {
        if (updates) {
          action.accept(obj);
        }
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
      }
    };
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
    pool.shutdownNow();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }
}
