package io.exposedapp.gateway;

import java.util.List;
import java.util.Optional;

import io.exposedapp.gateway.GatewayLint;
import io.exposedapp.api.AlbScheme;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.GatewaySpec;
import io.exposedapp.config.IngressDefaults;
import io.exposedapp.plan.ExposurePlan;

/**
 * What one reconcile decided about the app's Gateway API objects before writing anything: whether they are wanted,
 * in which form, whether the cluster serves their APIs, and what is wrong with the section. Whose an existing object
 * of the app's name is can only be told once the dependents' informers run (they start with the first app that wants
 * them): each dependent checks its own target and reports a foreign one ({@link GatewayWrites}).
 *
 * @param wanted the section is present and not disabled
 * @param ownGateway no parentRefs: the operator also writes the app's Gateway and LoadBalancerConfiguration
 * @param apis what the cluster serves of the APIs these objects need
 * @param problems why the objects must not be written (lint); empty when they may be
 * @param className the own Gateway's gatewayClassName (the section's, else the operator's default)
 * @param scheme the own ALB's scheme (the section's, else the operator's default)
 */
public record GatewayPlan(boolean wanted, boolean ownGateway, ServedGatewayApis apis, List<String> problems,
    String className, AlbScheme scheme) {

  /** The key under which the plan travels from the reconciler to the dependents. */
  public static final String CONTEXT_KEY = "exposedapp.gatewayPlan";

  public GatewayPlan {
    problems = List.copyOf(problems);
  }

  /** The plan for an app, from its spec, what the cluster serves and the operator's defaults. */
  public static GatewayPlan of(ExposedApp app, ServedGatewayApis apis, IngressDefaults defaults,
      String defaultGatewayClass) {
    boolean wanted = app.getSpec() != null && app.getSpec().wantsGateway();
    if (!wanted) {
      return new GatewayPlan(false, false, apis, List.of(), defaultGatewayClass, defaults.scheme());
    }
    GatewaySpec gateway = app.getSpec().gateway();
    String className = gateway.className() != null && !gateway.className().isBlank() ? gateway.className()
        : defaultGatewayClass;
    return new GatewayPlan(true, gateway.ownsGateway(), apis, GatewayLint.problems(app.getSpec()), className,
        gateway.scheme() != null ? gateway.scheme() : defaults.scheme());
  }

  /** What the cluster lacks for this app's objects, if it wants them. */
  public Optional<String> missingApis() {
    return wanted ? apis.missing() : Optional.empty();
  }

  /** The objects may be written: wanted, served, lint clean, and the Service may be written. */
  public boolean writable(ExposurePlan plan) {
    return wanted && apis.complete() && problems.isEmpty() && plan.serviceWritable();
  }
}
