package io.exposedapp.service;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.exposedapp.api.AlbScheme;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppSpec;
import io.exposedapp.api.PortSpec;
import io.exposedapp.meta.Labels;
import io.exposedapp.nlb.NlbAnnotations;
import io.exposedapp.plan.ExposurePlan;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;

/** The Service an ExposedApp wants: a pure function of the app and its plan. */
public final class DesiredService {

  private DesiredService() {
  }

  public static Service of(ExposedApp app, ExposurePlan plan) {
    return of(app, plan, AlbScheme.INTERNAL);
  }

  /**
   * The Service; with a loadBalancer section, type LoadBalancer of the AWS Load Balancer Controller's class, in
   * instance mode, {@code defaultScheme} where the section does not say. Every port keeps its planned nodePort in
   * both types, so turning the NLB on or off changes the type in place and moves nothing.
   */
  public static Service of(ExposedApp app, ExposurePlan plan, AlbScheme defaultScheme) {
    ExposedAppSpec spec = app.getSpec();
    Map<String, String> annotations = new java.util.LinkedHashMap<>(spec.serviceAnnotations() == null ? Map.of()
        : spec.serviceAnnotations());
    if (spec.wantsLoadBalancer()) {
      // the section's annotations win over serviceAnnotations (the lint refuses the ones that would clash)
      annotations.putAll(NlbAnnotations.of(spec.loadBalancer(), defaultScheme));
    }
    ServiceBuilder service = new ServiceBuilder()
        .withNewMetadata()
        .withName(plan.serviceName())
        .withNamespace(app.getMetadata().getNamespace())
        .withLabels(Labels.of(app, "service"))
        .withAnnotations(annotations)
        // not added by JOSDK: this dependent is not JOSDK-garbage-collected (see ServiceDependent)
        .withOwnerReferences(Labels.controllerReference(app))
        .endMetadata()
        .withNewSpec()
        .withType(spec.wantsLoadBalancer() ? "LoadBalancer" : "NodePort")
        .withSelector(spec.selector())
        .withExternalTrafficPolicy(spec.externalTrafficPolicy() == null ? null : spec.externalTrafficPolicy().name())
        .endSpec();
    if (spec.wantsLoadBalancer()) {
      List<String> sourceRanges = spec.loadBalancer().sourceRanges();
      service.editSpec()
          .withLoadBalancerClass(NlbAnnotations.NLB_CLASS)
          .withLoadBalancerSourceRanges(sourceRanges == null || sourceRanges.isEmpty() ? null : sourceRanges)
          .withHealthCheckNodePort(plan.assignedHealthCheckNodePort().orElse(null))
          .endSpec();
    }
    for (PortSpec port : spec.ports()) {
      service.editSpec().addToPorts(new ServicePortBuilder()
          .withName(port.name())
          .withPort(port.port())
          .withTargetPort(port.effectiveTargetPort())
          .withProtocol(port.effectiveProtocol().name())
          .withNodePort(plan.nodePort(port.name()))
          .build()).endSpec();
    }
    return service.build();
  }
}
