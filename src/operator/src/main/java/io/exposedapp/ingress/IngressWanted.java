package io.exposedapp.ingress;

import io.exposedapp.api.ExposedApp;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Whether {@link IngressDependent} exists: the spec has an ingress section that is not disabled. An unreadable spec
 * says nothing either way, so an existing Ingress is kept (JOSDK would delete it otherwise).
 */
public class IngressWanted implements Condition<Ingress, ExposedApp> {

  @Override
  public boolean isMet(DependentResource<Ingress, ExposedApp> dependentResource, ExposedApp app,
      Context<ExposedApp> context) {
    return app.specReadError().isPresent() || app.getSpec() != null && app.getSpec().wantsIngress();
  }
}
