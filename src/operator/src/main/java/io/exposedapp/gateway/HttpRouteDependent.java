package io.exposedapp.gateway;

import io.exposedapp.service.ServiceDependent;

import io.exposedapp.api.ExposedApp;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The app's HTTPRoute, to its Service, attached to the section's Gateways or to its own. */
public class HttpRouteDependent extends GatewayObjectDependent<HTTPRoute> {

  public HttpRouteDependent() {
    super(HTTPRoute.class, "HTTPRoute");
  }

  @Override
  protected HTTPRoute desired(ExposedApp app, Context<ExposedApp> context) {
    return DesiredHttpRoute.of(app, ServiceDependent.plan(context));
  }
}
