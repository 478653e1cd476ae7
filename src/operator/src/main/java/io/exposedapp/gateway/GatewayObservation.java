package io.exposedapp.gateway;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.exposedapp.plan.Ownership;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;

/**
 * The app's Gateway API objects as the informers show them after a reconcile's writes, with the plan they were
 * written from: what the GatewayReady condition is derived from (the AWS Load Balancer Controller writes the
 * Gateway's {@code Programmed} condition and address, and the route's {@code status.parents}).
 *
 * @param plan what the reconcile decided
 * @param taken objects of the app's name that another owns (left alone)
 * @param route the app's HTTPRoute, if it is the app's and cached
 * @param gateways the Gateways the route attaches to that are cached, by {@code namespace/name}
 */
public record GatewayObservation(GatewayPlan plan, List<Ownership.Taken> taken, Optional<HTTPRoute> route,
    Map<String, Gateway> gateways) {

  public GatewayObservation {
    taken = List.copyOf(taken);
    gateways = Map.copyOf(gateways);
  }

  public static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
