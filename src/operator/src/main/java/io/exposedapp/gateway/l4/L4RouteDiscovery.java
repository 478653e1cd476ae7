package io.exposedapp.gateway.l4;

import java.time.Clock;
import java.util.function.Supplier;

import io.exposedapp.discovery.ApiDiscovery;

/**
 * What the cluster serves of the layer-4 route kinds ({@link ApiDiscovery}): looked up again while an app with an
 * nlbGateway section waits for one. A later upgrade of the channel that adds {@code v1} is used after a restart;
 * {@code v1alpha2} stays served meanwhile.
 */
public final class L4RouteDiscovery extends ApiDiscovery<ServedL4Routes> {

  public L4RouteDiscovery(Supplier<ServedL4Routes> discover, Clock clock) {
    super("layer-4 Gateway API routes", discover, ServedL4Routes::complete, clock);
  }
}
