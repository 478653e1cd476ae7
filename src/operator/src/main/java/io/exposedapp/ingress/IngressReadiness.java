package io.exposedapp.ingress;

import java.util.Optional;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.IngressRule;
import io.exposedapp.api.IngressSpec;
import io.exposedapp.plan.ExposurePlan;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.status.StatusFactory.Exposure;
import io.exposedapp.status.StatusFactory.Verdict;
import io.exposedapp.status.StatusFactory.WriteOutcome;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

/**
 * The IngressReady condition of an app with an ingress section: its lint, whose the Ingress's name is, the write,
 * and the ALB address the AWS Load Balancer Controller writes to the Ingress's status. The ALB's address is the app's
 * whenever the app has an Ingress (also during a move to Gateway API).
 */
public final class IngressReadiness {

  private IngressReadiness() {
  }

  /**
   * The condition, or empty when the app wants no Ingress.
   *
   * @param ingress the app's own Ingress as the informer shows it now, if any
   */
  public static Optional<Exposure> of(ExposedApp app, ExposurePlan plan, WriteOutcome outcome,
      Optional<Ingress> ingress) {
    if (app.getSpec() == null || !app.getSpec().wantsIngress()) {
      return Optional.empty();
    }
    Optional<String> address = ingress.flatMap(IngressReadiness::albHostname);
    return Optional.of(new Exposure(ConditionTypes.INGRESS_READY, verdict(app, plan, outcome, address), true,
        address, address.map(a -> url(app, a))));
  }

  private static Verdict verdict(ExposedApp app, ExposurePlan plan, WriteOutcome outcome,
      Optional<String> address) {
    String ingress = "Ingress " + app.getMetadata().getNamespace() + "/" + plan.ingressName();
    if (!plan.ingressProblems().isEmpty()) {
      return new Verdict(false, Reasons.INGRESS_INVALID, String.join("; ", plan.ingressProblems())
          + "; the Ingress is not written");
    }
    if (plan.ingressNameTakenBy().isPresent()) {
      return new Verdict(false, Reasons.INGRESS_NAME_TAKEN, plan.ingressNameTakenBy().get()
          .describe("Rename the ExposedApp (the Ingress has its name) or remove spec.ingress"));
    }
    if (!plan.serviceWritable()) {
      return new Verdict(false, Reasons.INGRESS_PENDING, ingress + " waits for the Service");
    }
    if (outcome instanceof WriteOutcome.IngressFailed f) {
      return new Verdict(false, Reasons.INGRESS_APPLY_FAILED, "writing " + ingress + " failed: " + f.message());
    }
    return address.map(a -> new Verdict(true, Reasons.ADDRESS_ASSIGNED, "ALB " + a))
        .orElseGet(() -> new Verdict(false, Reasons.ADDRESS_PENDING, "waiting for the AWS Load Balancer Controller "
            + "to provision the ALB for " + ingress));
  }

  /** The hostname the AWS Load Balancer Controller writes once the ALB exists. */
  public static Optional<String> albHostname(Ingress ingress) {
    if (ingress.getStatus() == null || ingress.getStatus().getLoadBalancer() == null) {
      return Optional.empty();
    }
    return ingress.getStatus().getLoadBalancer().getIngress().stream()
        .map(i -> i.getHostname() != null && !i.getHostname().isEmpty() ? i.getHostname() : i.getIp())
        .filter(h -> h != null && !h.isEmpty())
        .findFirst();
  }

  /** https with certificates, the first rule's concrete host (else the ALB address), the first rule's path. */
  static String url(ExposedApp app, String address) {
    IngressSpec spec = app.getSpec().ingress();
    String scheme = spec.hasCertificates() ? "https" : "http";
    Optional<IngressRule> first = spec.rules() == null ? Optional.empty() : spec.rules().stream().findFirst();
    String host = first.map(IngressRule::host).filter(h -> h != null && !h.startsWith("*")).orElse(address);
    String path = first.map(IngressRule::effectivePath).orElse("/");
    return scheme + "://" + host + path;
  }
}
