package io.exposedapp.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.exposedapp.apiserver.ApiTestServer;
import io.exposedapp.ingress.IngressReadiness;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * Plays the AWS Load Balancer Controller, as fast as it can: every Ingress without an address gets an ALB host name in
 * its status. Operator and baseline both wait for it before an app with an Ingress is Ready.
 */
final class AlbControllerSimulator implements AutoCloseable {

  private final KubernetesClient client;
  private final ExecutorService writers = Executors.newFixedThreadPool(4);
  private final SharedIndexInformer<Ingress> informer;
  /** Ingresses already being provisioned: an ALB is created once per Ingress. */
  private final java.util.Set<String> provisioning = java.util.concurrent.ConcurrentHashMap.newKeySet();

  AlbControllerSimulator(ApiTestServer server) {
    this.client = server.newClient();
    this.informer = client.network().v1().ingresses().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Ingress ingress) {
        onUpdate(null, ingress);
      }

      @Override
      public void onUpdate(Ingress oldIngress, Ingress ingress) {
        boolean hasAddress = IngressReadiness.albHostname(ingress).isPresent();
        if (!hasAddress && provisioning.add(Observer.key(ingress))) {
          writers.submit(() -> provision(ingress.getMetadata().getNamespace(), ingress.getMetadata().getName()));
        }
      }

      @Override
      public void onDelete(Ingress ingress, boolean deletedFinalStateUnknown) {
      }
    });
  }

  private void provision(String namespace, String name) {
    String hostname = "k8s-" + namespace + "-" + name + "-0123456789.eu-west-1.elb.amazonaws.com";
    String patch = "{\"status\":{\"loadBalancer\":{\"ingress\":[{\"hostname\":\"" + hostname + "\"}]}}}";
    try {
      client.network().v1().ingresses().inNamespace(namespace).withName(name).subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    } catch (KubernetesClientException e) {
      // deleted meanwhile: nothing to provision
    }
  }

  @Override
  public void close() {
    informer.close();
    writers.shutdownNow();
    try {
      writers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }
}
