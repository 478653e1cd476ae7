package io.exposedapp.gateway.l4;

import io.exposedapp.api.ExposedApp;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Whether the app's layer-4 routes exist, and ({@link Own}) its own NLB Gateway and LoadBalancerConfiguration: the
 * spec has an nlbGateway section that is not disabled, with a route without parentRef for the latter. An unreadable
 * spec says nothing either way, so existing objects are kept (JOSDK would delete them).
 */
public class NlbGatewayWanted implements Condition<Object, ExposedApp> {

  @Override
  public boolean isMet(DependentResource<Object, ExposedApp> dependentResource, ExposedApp app,
      Context<ExposedApp> context) {
    return app.specReadError().isPresent() || app.getSpec() != null && app.getSpec().wantsNlbGateway();
  }

  /** The app's own NLB Gateway and LoadBalancerConfiguration: some route without parentRef. */
  public static class Own implements Condition<Object, ExposedApp> {

    @Override
    public boolean isMet(DependentResource<Object, ExposedApp> dependentResource, ExposedApp app,
        Context<ExposedApp> context) {
      return app.specReadError().isPresent() || app.getSpec() != null && app.getSpec().wantsNlbGateway()
          && app.getSpec().nlbGateway().ownsGateway();
    }
  }
}
