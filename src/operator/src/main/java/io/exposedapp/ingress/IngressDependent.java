package io.exposedapp.ingress;

import io.exposedapp.service.ServiceDependent;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.config.IngressDefaults;
import io.exposedapp.plan.ExposurePlan;
import io.exposedapp.plan.Ownership;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * The app's ALB Ingress, written with server-side apply after the Service. {@link IngressWanted} decides whether it
 * exists at all (JOSDK deletes it when the section is removed or disabled); the plan decides whether this reconcile
 * may write it (lint clean, name ours, Service writable), else it is left as it is.
 */
public class IngressDependent extends CRUDKubernetesDependentResource<Ingress, ExposedApp> {

  /** Key of the ingress defaults in the reconcile context, next to the plan. */
  public static final String DEFAULTS_KEY = "exposedapp.ingressDefaults";

  public IngressDependent() {
    super(Ingress.class);
  }

  @Override
  protected ReconcileResult<Ingress> reconcile(ExposedApp app, Ingress actual, Context<ExposedApp> context) {
    if (!ServiceDependent.plan(context).ingressWritable()) {
      return ReconcileResult.noOperation(actual);
    }
    return super.reconcile(app, actual, context);
  }

  /**
   * Found by name, so an Ingress of the app's name may be someone else's: only the app's own is deleted when the
   * section is removed or disabled (JOSDK itself would delete whatever it found).
   */
  @Override
  protected void handleDelete(ExposedApp app, Ingress ingress, Context<ExposedApp> context) {
    if (ingress != null && Ownership.of(ingress, app, "Ingress") instanceof Ownership.Own own && !own.adopting()) {
      super.handleDelete(app, ingress, context);
    }
  }

  /** The Ingress is found by name, without computing a desired state (there is none once the section is gone). */
  @Override
  protected ResourceID targetSecondaryResourceID(ExposedApp app, Context<ExposedApp> context) {
    return new ResourceID(app.getMetadata().getName(), app.getMetadata().getNamespace());
  }

  @Override
  protected Ingress desired(ExposedApp app, Context<ExposedApp> context) {
    ExposurePlan plan = ServiceDependent.plan(context);
    IngressDefaults defaults = context.managedWorkflowAndDependentResourceContext()
        .getMandatory(DEFAULTS_KEY, IngressDefaults.class);
    return DesiredIngress.of(app, plan, defaults);
  }
}
