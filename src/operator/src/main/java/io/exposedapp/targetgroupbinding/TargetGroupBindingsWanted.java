package io.exposedapp.targetgroupbinding;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.lbc.TargetGroupBinding;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Whether {@link TargetGroupBindingDependent} runs: the spec asks for bindings. An unreadable spec says nothing either
 * way, so the existing bindings are kept (JOSDK would delete them otherwise).
 */
public class TargetGroupBindingsWanted implements Condition<TargetGroupBinding, ExposedApp> {

  @Override
  public boolean isMet(DependentResource<TargetGroupBinding, ExposedApp> dependentResource, ExposedApp app,
      Context<ExposedApp> context) {
    return app.specReadError().isPresent() || app.getSpec() != null && !app.getSpec().bindings().isEmpty();
  }
}
