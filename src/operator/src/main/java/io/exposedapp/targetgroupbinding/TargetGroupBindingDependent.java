package io.exposedapp.targetgroupbinding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.lbc.TargetGroupBinding;
import io.exposedapp.plan.ExposurePlan;
import io.exposedapp.plan.Ownership;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.BulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * The app's TargetGroupBindings, one per {@code spec.targetGroupBindings} entry, written with server-side apply after
 * the Service. A bulk dependent: an entry removed deletes its binding, and the whole section removed deletes them all
 * ({@link TargetGroupBindingsWanted}). Only the app's own bindings are ever seen as its secondaries, so one of the same
 * name that is another's is left alone and reported ({@link Taken}), never updated or deleted. While the plan does not
 * let the bindings be written (lint, the Service not writable), the existing ones are left exactly as they are.
 */
public class TargetGroupBindingDependent extends CRUDKubernetesDependentResource<TargetGroupBinding, ExposedApp>
    implements BulkDependentResource<TargetGroupBinding, ExposedApp, ResourceID> {

  public TargetGroupBindingDependent() {
    super(TargetGroupBinding.class);
  }

  @Override
  public ReconcileResult<TargetGroupBinding> reconcile(ExposedApp app, Context<ExposedApp> context) {
    if (!plan(context).bindingsWritable()) {
      return ReconcileResult.aggregatedResult(List.of());
    }
    return super.reconcile(app, context);
  }

  /**
   * The bindings of the plan, but those whose name another's binding already has. Read here, from this dependent's
   * cache, because the bulk reconciler has no other hook between reading what exists and applying what is desired.
   */
  @Override
  public Map<ResourceID, TargetGroupBinding> desiredResources(ExposedApp app, Context<ExposedApp> context) {
    Map<ResourceID, TargetGroupBinding> desired = new LinkedHashMap<>();
    Taken taken = taken(context);
    DesiredTargetGroupBinding.of(app, plan(context)).forEach((name, binding) -> {
      ResourceID id = new ResourceID(name, app.getMetadata().getNamespace());
      var existing = eventSource().flatMap(source -> source.get(id));
      if (existing.isPresent() && Ownership.of(existing.get(), app, "TargetGroupBinding")
          instanceof Ownership.Taken other) {
        taken.add(other);
      } else {
        desired.put(id, binding);
      }
    });
    return desired;
  }

  /**
   * The app's own bindings: controlled by it, or its own orphaned; and one it may adopt (spec.adopt, no controller)
   * only while an entry names it, so that it is updated in place (taken over, targets kept registered) and never
   * deleted as an extra.
   */
  @Override
  public Map<ResourceID, TargetGroupBinding> getSecondaryResources(ExposedApp app, Context<ExposedApp> context) {
    Set<String> wanted = app.getSpec() == null ? Set.of() : app.getSpec().bindings().stream()
        .filter(java.util.Objects::nonNull).map(b -> DesiredTargetGroupBinding.name(app, b))
        .collect(Collectors.toSet());
    Map<ResourceID, TargetGroupBinding> own = new LinkedHashMap<>();
    eventSource().ifPresent(source -> source.list(app.getMetadata().getNamespace())
        .filter(binding -> Ownership.of(binding, app, "TargetGroupBinding") instanceof Ownership.Own o
            && (!o.adopting() || wanted.contains(binding.getMetadata().getName())))
        .forEach(binding -> own.put(ResourceID.fromResource(binding), binding)));
    return own;
  }

  private static ExposurePlan plan(Context<ExposedApp> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(ExposurePlan.CONTEXT_KEY,
        ExposurePlan.class);
  }

  static Taken taken(Context<ExposedApp> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(Taken.CONTEXT_KEY, Taken.class);
  }

  /**
   * Bindings of a name the app wants that another owns, found while applying one reconcile's plan: left alone, and
   * reported by the status.
   */
  public static final class Taken {

    /** The key under which it travels between the reconciler and the dependent. */
    public static final String CONTEXT_KEY = "exposedapp.targetGroupBindingsTaken";

    private final ConcurrentLinkedQueue<Ownership.Taken> taken = new ConcurrentLinkedQueue<>();

    void add(Ownership.Taken object) {
      taken.add(object);
    }

    public List<Ownership.Taken> all() {
      return List.copyOf(taken);
    }
  }
}
