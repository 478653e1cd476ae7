package io.exposedapp.dependent;

import io.exposedapp.api.ExposedApp;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Gate of {@link ServiceDependent}: the Service is written only when the plan allows it (valid spec, every port
 * allocated, the name not taken by a Service this app does not own).
 */
public class ServiceWriteAllowed implements Condition<Service, ExposedApp> {

  @Override
  public boolean isMet(DependentResource<Service, ExposedApp> dependentResource, ExposedApp app,
      Context<ExposedApp> context) {
    return ServiceDependent.plan(context).serviceWritable();
  }
}
