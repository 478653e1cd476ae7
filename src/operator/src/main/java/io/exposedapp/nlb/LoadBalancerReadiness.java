package io.exposedapp.nlb;

import java.util.Optional;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.PortSpec;
import io.exposedapp.plan.ExposurePlan;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.status.StatusFactory.Exposure;
import io.exposedapp.status.StatusFactory.Verdict;
import io.exposedapp.status.StatusFactory.WriteOutcome;
import io.fabric8.kubernetes.api.model.Service;

/**
 * The LoadBalancerReady condition of an app with a loadBalancer section: its lint, the write of the Service, and the
 * NLB's DNS name that the AWS Load Balancer Controller writes to the Service's {@code status.loadBalancer}. Only a
 * Service of the controller's class counts: the address of a LoadBalancer Service of another class is another load
 * balancer's, not the app's NLB.
 */
public final class LoadBalancerReadiness {

  private LoadBalancerReadiness() {
  }

  /**
   * The condition, or empty when the app wants no NLB.
   *
   * @param service the app's Service as the informer shows it now, if any
   */
  public static Optional<Exposure> of(ExposedApp app, ExposurePlan plan, WriteOutcome outcome,
      Optional<Service> service) {
    if (app.getSpec() == null || !app.getSpec().wantsLoadBalancer()) {
      return Optional.empty();
    }
    String name = "Service " + app.getMetadata().getNamespace() + "/" + plan.serviceName();
    Optional<Service> ofAnotherClass = service.filter(s -> "LoadBalancer".equals(s.getSpec().getType())
        && !NlbAnnotations.NLB_CLASS.equals(s.getSpec().getLoadBalancerClass()));
    Verdict verdict;
    Optional<String> address = Optional.empty();
    if (ofAnotherClass.isPresent()) {
      verdict = new Verdict(false, Reasons.LOAD_BALANCER_NOT_MANAGED, String.join("; ", plan.loadBalancerProblems()));
    } else if (!plan.loadBalancerProblems().isEmpty()) {
      verdict = new Verdict(false, Reasons.LOAD_BALANCER_INVALID, String.join("; ", plan.loadBalancerProblems())
          + "; the Service is left as it is");
    } else if (!plan.serviceWritable() || outcome instanceof WriteOutcome.ServiceFailed) {
      verdict = new Verdict(false, Reasons.LOAD_BALANCER_PENDING, "the NLB waits for " + name);
    } else {
      address = service.filter(LoadBalancerReadiness::isNlb).flatMap(LoadBalancerReadiness::hostname);
      verdict = address.map(a -> new Verdict(true, Reasons.ADDRESS_ASSIGNED, "NLB " + a))
          .orElseGet(() -> new Verdict(false, Reasons.ADDRESS_PENDING, "waiting for the AWS Load Balancer "
              + "Controller to provision the NLB for " + name + " (class " + NlbAnnotations.NLB_CLASS + ")"));
    }
    PortSpec first = app.getSpec().ports().get(0);
    return Optional.of(new Exposure(ConditionTypes.LOAD_BALANCER_READY, verdict, true, address,
        address.map(a -> a + ":" + first.port())));
  }

  /** Type LoadBalancer of the AWS Load Balancer Controller's class: its status is the app's NLB. */
  static boolean isNlb(Service service) {
    return "LoadBalancer".equals(service.getSpec().getType())
        && NlbAnnotations.NLB_CLASS.equals(service.getSpec().getLoadBalancerClass());
  }

  /** The hostname (an NLB has no IP in the status) the controller wrote, if any. */
  static Optional<String> hostname(Service service) {
    if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null
        || service.getStatus().getLoadBalancer().getIngress() == null) {
      return Optional.empty();
    }
    return service.getStatus().getLoadBalancer().getIngress().stream()
        .map(i -> i.getHostname() != null && !i.getHostname().isEmpty() ? i.getHostname() : i.getIp())
        .filter(h -> h != null && !h.isEmpty())
        .findFirst();
  }
}
