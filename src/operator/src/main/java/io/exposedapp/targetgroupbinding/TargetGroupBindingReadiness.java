package io.exposedapp.targetgroupbinding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.TargetGroupBindingSpec;
import io.exposedapp.lbc.TargetGroupBinding;
import io.exposedapp.plan.ExposurePlan;
import io.exposedapp.plan.Ownership;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.status.StatusFactory.Exposure;
import io.exposedapp.status.StatusFactory.Verdict;
import io.exposedapp.status.StatusFactory.WriteOutcome;
import io.fabric8.kubernetes.api.model.Event;

/**
 * The TargetGroupBindingsReady condition: a binding is bound once the AWS Load Balancer Controller has observed its
 * generation ({@code status.observedGeneration}) and its latest Event is not a warning; otherwise the condition
 * carries the controller's message. The first binding that is not bound, in spec order, speaks for all.
 */
public final class TargetGroupBindingReadiness {

  /** What the operator saw of the app's bindings after applying them. */
  public record Observation(boolean served, List<Ownership.Taken> taken, Map<String, TargetGroupBinding> own,
      List<Event> events) {
  }

  private TargetGroupBindingReadiness() {
  }

  /** The condition, or empty when the app asks for no bindings. */
  public static Optional<Exposure> of(ExposedApp app, ExposurePlan plan, WriteOutcome outcome,
      Observation seen) {
    if (app.getSpec() == null || app.getSpec().bindings().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Exposure(ConditionTypes.TARGET_GROUP_BINDINGS_READY, verdict(app, plan, outcome, seen),
        false, Optional.empty(), Optional.empty()));
  }

  private static Verdict verdict(ExposedApp app, ExposurePlan plan, WriteOutcome outcome, Observation seen) {
    if (!plan.bindingProblems().isEmpty()) {
      return new Verdict(false, Reasons.TARGET_GROUP_BINDING_INVALID, String.join("; ", plan.bindingProblems())
          + "; the TargetGroupBindings are not written");
    }
    if (!seen.served()) {
      return new Verdict(false, Reasons.TARGET_GROUP_BINDING_API_MISSING, TargetGroupBindingApi.missing());
    }
    if (!seen.taken().isEmpty()) {
      return new Verdict(false, Reasons.TARGET_GROUP_BINDING_NAME_TAKEN, seen.taken().get(0)
          .describe("Rename the ExposedApp (a binding is named <app>-<port>) or remove the entry"));
    }
    if (!plan.serviceWritable()) {
      return new Verdict(false, Reasons.BINDING_PENDING, "the TargetGroupBindings wait for the Service");
    }
    if (outcome instanceof WriteOutcome.BindingsFailed f) {
      return new Verdict(false, Reasons.TARGET_GROUP_BINDING_APPLY_FAILED, "writing the TargetGroupBindings "
          + "failed: " + f.message());
    }
    List<String> bound = new ArrayList<>();
    for (TargetGroupBindingSpec entry : app.getSpec().bindings()) {
      String name = DesiredTargetGroupBinding.name(app, entry);
      String what = "TargetGroupBinding " + app.getMetadata().getNamespace() + "/" + name;
      TargetGroupBinding binding = seen.own().get(name);
      if (binding == null) {
        return new Verdict(false, Reasons.BINDING_PENDING, what + " is being written");
      }
      Optional<Event> latest = latestEvent(binding, seen.events());
      if (latest.filter(e -> "Warning".equals(e.getType())).isPresent()) {
        return new Verdict(false, Reasons.BINDING_FAILED, what + ": the AWS Load Balancer Controller reports "
            + latest.get().getReason() + ": " + latest.get().getMessage());
      }
      Long observed = binding.getStatus() == null ? null : binding.getStatus().observedGeneration();
      if (observed == null || !observed.equals(binding.getMetadata().getGeneration())) {
        return new Verdict(false, Reasons.BINDING_PENDING, "waiting for the AWS Load Balancer Controller to bind "
            + what + " (" + target(entry) + ")");
      }
      bound.add(entry.port() + " -> " + target(entry));
    }
    return new Verdict(true, Reasons.BOUND, "bound: " + String.join(", ", bound));
  }

  /** The newest Event on this binding (this incarnation of it), by when it last happened. */
  static Optional<Event> latestEvent(TargetGroupBinding binding, List<Event> events) {
    return events.stream()
        .filter(e -> e.getInvolvedObject() != null
            && binding.getMetadata().getName().equals(e.getInvolvedObject().getName())
            && binding.getMetadata().getNamespace().equals(e.getInvolvedObject().getNamespace())
            && (e.getInvolvedObject().getUid() == null
                || e.getInvolvedObject().getUid().equals(binding.getMetadata().getUid())))
        .max(Comparator.comparing(TargetGroupBindingReadiness::when));
  }

  private static String when(Event event) {
    String at = event.getLastTimestamp() != null ? event.getLastTimestamp()
        : event.getEventTime() != null ? event.getEventTime().getTime()
        : event.getMetadata().getCreationTimestamp();
    return at == null ? "" : at;
  }

  private static String target(TargetGroupBindingSpec entry) {
    return entry.targetGroupARN() != null ? entry.targetGroupARN() : "target group " + entry.targetGroupName();
  }
}
