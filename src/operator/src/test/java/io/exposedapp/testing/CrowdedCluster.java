package io.exposedapp.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.exposedapp.allocation.PortRange;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The scenario of a big shared cluster, for the benchmarks (10,000 Services) and, smaller, for the operator tests on
 * both API servers: Services of other teams and tools exist before the operator starts, most of them ClusterIP, one in
 * 20 NodePort and one in 100 LoadBalancer (half of those with {@code externalTrafficPolicy: Local}, so a health check
 * nodePort too), each with the labels, annotations and selector a Helm chart gives them. The API server picks their
 * nodePorts; the apps then fill what is left of the range.
 */
public final class CrowdedCluster {

  /** Namespaces the foreign Services are spread over. */
  public static final int NAMESPACES = 20;

  private CrowdedCluster() {
  }

  public static String namespace(int index) {
    return "other-" + index;
  }

  /** The {@code index}-th foreign Service: ClusterIP, or NodePort (every 20th) or LoadBalancer (every 100th). */
  public static Service foreignService(int index) {
    String type = index % 100 == 50 ? "LoadBalancer" : index % 20 == 0 ? "NodePort" : "ClusterIP";
    String name = "svc-" + index;
    var spec = new ServiceBuilder().withNewMetadata().withNamespace(namespace(index % NAMESPACES)).withName(name)
        .addToLabels("app.kubernetes.io/name", name).addToLabels("app.kubernetes.io/instance", name + "-prod")
        .addToLabels("app.kubernetes.io/managed-by", "Helm").addToLabels("helm.sh/chart", "service-1.4.2")
        .addToAnnotations("meta.helm.sh/release-name", name + "-prod")
        .addToAnnotations("meta.helm.sh/release-namespace", namespace(index % NAMESPACES))
        .endMetadata()
        .withNewSpec().withType(type).addToSelector("app.kubernetes.io/name", name)
        .addToSelector("app.kubernetes.io/instance", name + "-prod")
        .addNewPort().withName("http").withPort(80).withNewTargetPort(8080).withProtocol("TCP").endPort();
    if (index % 3 == 0) {
      spec.addNewPort().withName("metrics").withPort(9090).withNewTargetPort(9090).withProtocol("TCP").endPort();
    }
    if (type.equals("LoadBalancer") && index % 200 == 50) {
      spec.withExternalTrafficPolicy("Local");
    }
    return spec.endSpec().build();
  }

  /** Creates the namespaces and {@code count} foreign Services, from {@code threads} client threads. */
  public static List<Service> createForeignServices(KubernetesClient client, int count, int threads) {
    for (int i = 0; i < Math.min(count, NAMESPACES); i++) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace(i)).endMetadata()
          .build()).serverSideApply();
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Service>> created = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Service service = foreignService(i);
        created.add(pool.submit(() -> client.resource(service).create()));
      }
      List<Service> services = new ArrayList<>(count);
      for (Future<Service> f : created) {
        services.add(f.get());
      }
      return services;
    } catch (Exception e) {
      throw new IllegalStateException("creating the foreign Services failed", e);
    } finally {
      pool.shutdown();
    }
  }

  /** The nodePorts of {@code range} these Services hold (health check nodePorts included). */
  public static Set<Integer> nodePortsIn(List<Service> services, PortRange range) {
    Set<Integer> held = new HashSet<>();
    for (Service s : services) {
      for (ServicePort p : s.getSpec().getPorts()) {
        if (p.getNodePort() != null && range.contains(p.getNodePort())) {
          held.add(p.getNodePort());
        }
      }
      Integer healthCheck = s.getSpec().getHealthCheckNodePort();
      if (healthCheck != null && range.contains(healthCheck)) {
        held.add(healthCheck);
      }
    }
    return held;
  }

  /**
   * How many nodePorts of {@code range} are held twice among all these Services; throws if not exactly {@code
   * expected} of its ports are held (every app got one, and nothing else took one).
   */
  public static int duplicateNodePorts(List<Service> services, PortRange range, int expected) {
    List<Integer> ports = new ArrayList<>();
    for (Service s : services) {
      s.getSpec().getPorts().stream().map(ServicePort::getNodePort).filter(p -> p != null && range.contains(p))
          .forEach(ports::add);
      Integer healthCheck = s.getSpec().getHealthCheckNodePort();
      if (healthCheck != null && range.contains(healthCheck)) {
        ports.add(healthCheck);
      }
    }
    if (ports.size() != expected) {
      throw new IllegalStateException(ports.size() + " nodePorts of " + range + " held, expected " + expected);
    }
    return ports.size() - new HashSet<>(ports).size();
  }
}
