package io.exposedapp.dependent;

import java.util.Map;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppSpec;
import io.exposedapp.api.PortSpec;
import io.exposedapp.meta.Labels;
import io.exposedapp.plan.ExposurePlan;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;

/** The Service an ExposedApp wants: a pure function of the app and its plan. */
public final class DesiredService {

  private DesiredService() {
  }

  public static Service of(ExposedApp app, ExposurePlan plan) {
    ExposedAppSpec spec = app.getSpec();
    ServiceBuilder service = new ServiceBuilder()
        .withNewMetadata()
        .withName(plan.serviceName())
        .withNamespace(app.getMetadata().getNamespace())
        .withLabels(Labels.of(app, "service"))
        .withAnnotations(spec.serviceAnnotations() == null ? Map.of() : spec.serviceAnnotations())
        // not added by JOSDK: this dependent is not JOSDK-garbage-collected (see ServiceDependent)
        .withOwnerReferences(Labels.controllerReference(app))
        .endMetadata()
        .withNewSpec()
        .withType("NodePort")
        .withSelector(spec.selector())
        .withExternalTrafficPolicy(spec.externalTrafficPolicy() == null ? null : spec.externalTrafficPolicy().name())
        .endSpec();
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
