package io.exposedapp.targetgroupbinding;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.lbc.TargetGroupBinding;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The activation condition of {@link TargetGroupBindingDependent}: the cluster serves the kind. Read from what the
 * reconciler discovered, the same for every app, so the informer starts once and never stops.
 */
public class TargetGroupBindingsServed implements Condition<TargetGroupBinding, ExposedApp> {

  @Override
  public boolean isMet(DependentResource<TargetGroupBinding, ExposedApp> dependentResource, ExposedApp app,
      Context<ExposedApp> context) {
    return context.managedWorkflowAndDependentResourceContext()
        .get(TargetGroupBindingApi.CONTEXT_KEY, Boolean.class).orElse(false);
  }
}
