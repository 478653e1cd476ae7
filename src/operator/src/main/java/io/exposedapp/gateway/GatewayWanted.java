package io.exposedapp.gateway;

import io.exposedapp.api.ExposedApp;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Whether the app's HTTPRoute and TargetGroupConfiguration exist, and ({@link Own}) its own Gateway and
 * LoadBalancerConfiguration: the spec has a gateway section that is not disabled, without parentRefs for the latter.
 * An unreadable spec says nothing either way, so existing objects are kept (JOSDK would delete them).
 */
public class GatewayWanted implements Condition<Object, ExposedApp> {

  @Override
  public boolean isMet(DependentResource<Object, ExposedApp> dependentResource, ExposedApp app,
      Context<ExposedApp> context) {
    return app.specReadError().isPresent() || app.getSpec() != null && app.getSpec().wantsGateway();
  }

  /** The app's own Gateway and LoadBalancerConfiguration: a gateway section without parentRefs. */
  public static class Own implements Condition<Object, ExposedApp> {

    @Override
    public boolean isMet(DependentResource<Object, ExposedApp> dependentResource, ExposedApp app,
        Context<ExposedApp> context) {
      return app.specReadError().isPresent()
          || app.getSpec() != null && app.getSpec().wantsGateway() && app.getSpec().gateway().ownsGateway();
    }
  }

  /**
   * The app's TargetGroupConfiguration, which the Service's target groups take their target type from: either
   * gateway section, ALB or NLB.
   */
  public static class TargetGroups implements Condition<Object, ExposedApp> {

    @Override
    public boolean isMet(DependentResource<Object, ExposedApp> dependentResource, ExposedApp app,
        Context<ExposedApp> context) {
      return app.specReadError().isPresent() || app.getSpec() != null
          && (app.getSpec().wantsGateway() || app.getSpec().wantsNlbGateway());
    }
  }
}
