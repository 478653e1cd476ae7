package io.exposedapp.gateway;

import java.time.Clock;
import java.util.function.Supplier;

import io.exposedapp.discovery.ApiDiscovery;

/**
 * What the cluster serves of the gateway APIs ({@link ApiDiscovery}): looked up again while an app wants a gateway
 * and something is missing. An LBC upgrade that adds {@code gateway.k8s.aws/v1} is used after a restart; the older
 * version stays served meanwhile.
 */
public final class GatewayApiDiscovery extends ApiDiscovery<ServedGatewayApis> {

  public GatewayApiDiscovery(Supplier<ServedGatewayApis> discover, Clock clock) {
    super("gateway APIs", discover, ServedGatewayApis::complete, clock);
  }

  /** For an app that wants a gateway: asks the API server again if something was missing a minute ago. */
  public ServedGatewayApis forGatewayApp() {
    return forWaitingApp();
  }
}
