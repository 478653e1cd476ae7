package io.exposedapp.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * What the cluster serves of the gateway APIs, found at start and looked up again, at most once a minute, while an
 * app wants a gateway and something is missing: installing the CRDs needs no restart of the operator. Once everything
 * is served the answer stays (an LBC upgrade that adds {@code gateway.k8s.aws/v1} is used after a restart; the
 * older version stays served meanwhile).
 */
public final class GatewayApiDiscovery {

  /** How long a "missing" answer is trusted. */
  public static final Duration RECHECK = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(GatewayApiDiscovery.class);

  private final Supplier<ServedGatewayApis> discover;
  private final Clock clock;
  private volatile ServedGatewayApis served;
  private volatile Instant checked;

  public GatewayApiDiscovery(Supplier<ServedGatewayApis> discover, Clock clock) {
    this.discover = discover;
    this.clock = clock;
    this.served = discover.get();
    this.checked = clock.instant();
    log.info("gateway APIs served: {}", served);
  }

  /** What was found last, without asking again (apps without a gateway section). */
  public ServedGatewayApis current() {
    return served;
  }

  /** For an app that wants a gateway: asks the API server again if something was missing a minute ago. */
  public synchronized ServedGatewayApis forGatewayApp() {
    if (!served.complete() && !clock.instant().isBefore(checked.plus(RECHECK))) {
      checked = clock.instant();
      try {
        ServedGatewayApis now = discover.get();
        if (!now.equals(served)) {
          log.info("gateway APIs served: {} (was {})", now, served);
        }
        served = now;
      } catch (KubernetesClientException e) {
        log.warn("looking up the gateway APIs failed, keeping {}: {}", served, e.getMessage());
      }
    }
    return served;
  }
}
