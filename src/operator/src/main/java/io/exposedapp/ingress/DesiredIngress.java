package io.exposedapp.ingress;

import io.exposedapp.service.DesiredService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import io.exposedapp.ingress.AlbAnnotations;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.IngressRule;
import io.exposedapp.api.IngressSpec;
import io.exposedapp.config.IngressDefaults;
import io.exposedapp.meta.Labels;
import io.exposedapp.plan.ExposurePlan;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;

/**
 * The Ingress an ExposedApp wants: a pure function of the app, its plan and the operator's ingress defaults. Every
 * path routes to the app's Service by port NAME, so the AWS Load Balancer Controller (instance mode) resolves the
 * name to that port's nodePort itself and the Ingress need not change when a nodePort does.
 *
 * <p>Only called for an app that wants an Ingress and whose plan lets it be written.
 */
public final class DesiredIngress {

  private DesiredIngress() {
  }

  public static Ingress of(ExposedApp app, ExposurePlan plan, IngressDefaults defaults) {
    IngressSpec ingress = app.getSpec().ingress();
    SortedMap<String, String> annotations = AlbAnnotations.of(ingress, defaults);
    return new IngressBuilder()
        .withNewMetadata()
        .withName(plan.ingressName())
        .withNamespace(app.getMetadata().getNamespace())
        .withLabels(Labels.of(app, "ingress"))
        // never an empty map: what is applied should be exactly what the API server keeps
        .withAnnotations(annotations.isEmpty() ? null : annotations)
        // the same controller reference as the Service's (see DesiredService): Kubernetes' garbage collector
        // deletes the Ingress with the app
        .withOwnerReferences(Labels.controllerReference(app))
        .endMetadata()
        .withNewSpec()
        .withIngressClassName(className(ingress, defaults))
        .withRules(rules(app, plan, ingress))
        .endSpec()
        .build();
  }

  private static String className(IngressSpec ingress, IngressDefaults defaults) {
    String name = ingress.className() != null && !ingress.className().isBlank() ? ingress.className()
        : defaults.className();
    return name == null || name.isBlank() ? null : name;
  }

  /**
   * One Ingress rule per host, in the order hosts first appear, with that host's paths in spec order. The
   * controller gives ALB listener rules the Ingress rules' order, and within one rule puts Exact paths first, then
   * Prefix paths longest first, then ImplementationSpecific ones in the order written. No rules: everything to the
   * first port.
   */
  private static List<io.fabric8.kubernetes.api.model.networking.v1.IngressRule> rules(ExposedApp app,
      ExposurePlan plan, IngressSpec ingress) {
    List<IngressRule> specRules = ingress.rules() == null || ingress.rules().isEmpty()
        ? List.of(new IngressRule(null, "/", IngressRule.PathType.Prefix, app.getSpec().ports().get(0).name()))
        : ingress.rules();
    // keyed by host in first-appearance order; "" stands for "no host" (null, or blank from an unvalidated object)
    Map<String, List<HTTPIngressPath>> pathsByHost = new LinkedHashMap<>();
    for (IngressRule rule : specRules) {
      String host = rule.host() == null || rule.host().isBlank() ? "" : rule.host();
      pathsByHost.computeIfAbsent(host, h -> new ArrayList<>()).add(new HTTPIngressPathBuilder()
          .withPath(rule.effectivePath())
          .withPathType(rule.effectivePathType().name())
          .withNewBackend()
          .withNewService()
          .withName(plan.serviceName())
          .withNewPort()
          .withName(rule.port())
          .endPort()
          .endService()
          .endBackend()
          .build());
    }
    List<io.fabric8.kubernetes.api.model.networking.v1.IngressRule> rules = new ArrayList<>();
    pathsByHost.forEach((host, paths) -> rules.add(new IngressRuleBuilder()
        .withHost(host.isEmpty() ? null : host)
        .withNewHttp()
        .withPaths(paths)
        .endHttp()
        .build()));
    return rules;
  }
}
