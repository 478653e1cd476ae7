package io.exposedapp.gateway;

import io.exposedapp.service.ServiceDependent;

import java.util.Optional;
import java.util.Set;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.gateway.GatewayPlan;
import io.exposedapp.gateway.GatewayWrites;
import io.exposedapp.plan.Ownership;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;

/**
 * One of the app's Gateway API objects (HTTPRoute, TargetGroupConfiguration, Gateway, LoadBalancerConfiguration),
 * written with server-side apply after the Service, and named like the app. Found by name, whoever owns it, as the
 * Ingress is: one of that name that is another's is left alone and reported ({@link GatewayWrites}); only the app's
 * own is deleted when the section is removed or disabled. Its activation condition says whether the cluster serves
 * its kind (its informer starts with the first reconcile that finds it served); its precondition whether the app
 * wants it; the plan whether this reconcile may write it.
 */
public abstract class GatewayObjectDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R,
    ExposedApp> {

  private final String kind;

  protected GatewayObjectDependent(Class<R> type, String kind) {
    super(type);
    this.kind = kind;
  }

  @Override
  protected ReconcileResult<R> reconcile(ExposedApp app, R actual, Context<ExposedApp> context) {
    if (actual != null && Ownership.of(actual, app, kind) instanceof Ownership.Taken taken) {
      context.managedWorkflowAndDependentResourceContext().getMandatory(writesKey(),
          GatewayWrites.class).taken(taken);
      return ReconcileResult.noOperation(actual);
    }
    if (!writable(context)) {
      return ReconcileResult.noOperation(actual);
    }
    return super.reconcile(app, actual, context);
  }

  @Override
  protected void handleDelete(ExposedApp app, R object, Context<ExposedApp> context) {
    if (object != null && Ownership.of(object, app, kind) instanceof Ownership.Own own && !own.adopting()) {
      super.handleDelete(app, object, context);
    }
  }

  /** Whether this reconcile's plan lets the object be written: the gateway section's. */
  protected boolean writable(Context<ExposedApp> context) {
    return gatewayPlan(context).writable(ServiceDependent.plan(context));
  }

  /** Where the objects of the app's name found taken are reported. */
  protected String writesKey() {
    return GatewayWrites.CONTEXT_KEY;
  }

  /** What the object's name adds to the app's: nothing, or e.g. {@code -nlb} for the app's own NLB Gateway. */
  protected String nameSuffix() {
    return "";
  }

  /** Found by name, without computing a desired state (there is none once the section is gone). */
  @Override
  protected ResourceID targetSecondaryResourceID(ExposedApp app, Context<ExposedApp> context) {
    return objectOf(app);
  }

  private ResourceID objectOf(ExposedApp app) {
    return new ResourceID(app.getMetadata().getName() + nameSuffix(), app.getMetadata().getNamespace());
  }

  /** The app of the object's name is the one concerned, whoever owns the object. */
  @Override
  protected InformerEventSourceConfiguration.Builder<R> informerConfigurationBuilder(
      EventSourceContext<ExposedApp> context) {
    return super.informerConfigurationBuilder(context)
        .withPrimaryToSecondaryMapper((ExposedApp app) -> Set.of(objectOf(app)));
  }

  @Override
  protected Optional<SecondaryToPrimaryMapper<R>> getSecondaryToPrimaryMapper(EventSourceContext<ExposedApp> context) {
    return Optional.of(object -> appOf(object).map(Set::of).orElse(Set.of()));
  }

  /** The app an object of this dependent's name pattern would be of. */
  protected Optional<ResourceID> appOf(HasMetadata object) {
    String name = object.getMetadata().getName();
    return name.endsWith(nameSuffix()) && name.length() > nameSuffix().length()
        ? Optional.of(new ResourceID(name.substring(0, name.length() - nameSuffix().length()),
            object.getMetadata().getNamespace()))
        : Optional.empty();
  }

  protected static GatewayPlan gatewayPlan(Context<ExposedApp> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(GatewayPlan.CONTEXT_KEY,
        GatewayPlan.class);
  }
}
