package io.exposedapp.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.exposedapp.lbc.LbcApi;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Which of the APIs a gateway section needs the cluster serves, found by discovery: Gateway API's
 * {@code gateway.networking.k8s.io/v1} HTTPRoute and Gateway, and the AWS Load Balancer Controller's
 * {@code gateway.k8s.aws} kinds in the newest version served.
 *
 * @param gatewayApi HTTPRoute and Gateway are served as {@code gateway.networking.k8s.io/v1}
 * @param lbc the newest version of {@code gateway.k8s.aws} that serves both kinds the operator writes
 */
public record ServedGatewayApis(boolean gatewayApi, Optional<LbcApi> lbc) {

  /** The key under which they travel from the reconciler to the dependents' activation conditions. */
  public static final String CONTEXT_KEY = "exposedapp.gatewayApis";
  public static final String GATEWAY_API_VERSION = "gateway.networking.k8s.io/v1";
  /** What nothing is served of. */
  public static final ServedGatewayApis NONE = new ServedGatewayApis(false, Optional.empty());

  /** Asks the API server (discovery needs no permission beyond being authenticated). */
  public static ServedGatewayApis discover(KubernetesClient client) {
    boolean gatewayApi = serves(client, GATEWAY_API_VERSION, Set.of("httproutes", "gateways"));
    Optional<LbcApi> lbc = List.of(LbcApi.values()).stream()
        .filter(api -> serves(client, api.apiVersion(), Set.of("targetgroupconfigurations",
            "loadbalancerconfigurations")))
        .findFirst();
    return new ServedGatewayApis(gatewayApi, lbc);
  }

  private static boolean serves(KubernetesClient client, String apiVersion, Set<String> plurals) {
    APIResourceList resources = client.getApiResources(apiVersion);
    return resources != null && resources.getResources().stream().map(APIResource::getName)
        .collect(Collectors.toSet()).containsAll(plurals);
  }

  public boolean complete() {
    return gatewayApi && lbc.isPresent();
  }

  /** What is missing and what to install, for the GatewayReady condition; empty when everything is served. */
  public Optional<String> missing() {
    List<String> missing = new ArrayList<>();
    if (!gatewayApi) {
      missing.add("the Gateway API CRDs (HTTPRoute and Gateway in " + GATEWAY_API_VERSION + ", standard channel "
          + "v1.0 or later)");
    }
    if (lbc.isEmpty()) {
      missing.add("the AWS Load Balancer Controller's gateway CRDs (TargetGroupConfiguration and "
          + "LoadBalancerConfiguration in " + LbcApi.GROUP + ", LBC v2.13 or later)");
    }
    return missing.isEmpty() ? Optional.empty() : Optional.of("the cluster does not serve " + String.join(" nor ",
        missing) + "; install them: the operator looks again every minute while an app waits, no restart needed");
  }

  @Override
  public String toString() {
    return (gatewayApi ? GATEWAY_API_VERSION : "no Gateway API") + ", "
        + lbc.map(LbcApi::apiVersion).orElse("no " + LbcApi.GROUP);
  }
}
