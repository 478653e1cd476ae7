package io.exposedapp.service;

import io.exposedapp.ingress.IngressDependent;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.config.IngressDefaults;
import io.exposedapp.plan.ExposurePlan;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * The app's NodePort Service, written with server-side apply when the plan allows it, else left exactly as it is.
 *
 * <p>The gate is in {@link #reconcile(ExposedApp, Service, Context)}, not a reconcile precondition, on purpose: JOSDK
 * deletes a dependent whose precondition fails, and the dependents after it (the Ingress), while a conflict on one
 * port must leave the existing Service, its Ingress, and any foreign Service of the same name alone. For the same
 * reason this is a Creator and Updater only; deletion is Kubernetes' garbage collection through the controller
 * reference that {@link DesiredService} writes.
 */
public class ServiceDependent extends KubernetesDependentResource<Service, ExposedApp>
    implements Creator<Service, ExposedApp>, Updater<Service, ExposedApp> {

  public ServiceDependent() {
    super(Service.class);
  }

  @Override
  protected ReconcileResult<Service> reconcile(ExposedApp app, Service actual, Context<ExposedApp> context) {
    if (!plan(context).serviceWritable()) {
      return ReconcileResult.noOperation(actual);
    }
    return super.reconcile(app, actual, context);
  }

  @Override
  protected ResourceID targetSecondaryResourceID(ExposedApp app, Context<ExposedApp> context) {
    return new ResourceID(plan(context).serviceName(), app.getMetadata().getNamespace());
  }

  @Override
  protected Service desired(ExposedApp app, Context<ExposedApp> context) {
    IngressDefaults defaults = context.managedWorkflowAndDependentResourceContext()
        .getMandatory(IngressDependent.DEFAULTS_KEY, IngressDefaults.class);
    return DesiredService.of(app, plan(context), defaults.scheme());
  }

  public static ExposurePlan plan(Context<ExposedApp> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(ExposurePlan.CONTEXT_KEY,
        ExposurePlan.class);
  }
}
