package io.exposedapp.dependent;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.plan.ExposurePlan;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

/**
 * The app's NodePort Service, written with server-side apply. Deliberately a Creator and Updater only: JOSDK deletes a
 * Deleter whose reconcile precondition does not hold, and a conflict on one port must leave the existing Service (and
 * never a foreign Service of the same name) alone. Deletion is Kubernetes' garbage collection through the controller
 * reference that {@link DesiredService} writes.
 */
public class ServiceDependent extends KubernetesDependentResource<Service, ExposedApp>
    implements Creator<Service, ExposedApp>, Updater<Service, ExposedApp> {

  public ServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(ExposedApp app, Context<ExposedApp> context) {
    return DesiredService.of(app, plan(context));
  }

  static ExposurePlan plan(Context<ExposedApp> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(ExposurePlan.CONTEXT_KEY,
        ExposurePlan.class);
  }
}
