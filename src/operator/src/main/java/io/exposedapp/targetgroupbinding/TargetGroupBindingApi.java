package io.exposedapp.targetgroupbinding;

import java.time.Clock;
import java.util.function.BooleanSupplier;

import io.exposedapp.discovery.ApiDiscovery;
import io.exposedapp.lbc.TargetGroupBinding;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Whether the cluster serves {@code elbv2.k8s.aws/v1beta1} TargetGroupBindings (the AWS Load Balancer Controller's
 * CRD), looked up again every minute while an app wants bindings and it is missing.
 */
public final class TargetGroupBindingApi extends ApiDiscovery<Boolean> {

  /** The key under which the answer travels from the reconciler to the dependent's activation condition. */
  public static final String CONTEXT_KEY = "exposedapp.targetGroupBindingsServed";

  public TargetGroupBindingApi(BooleanSupplier served, Clock clock) {
    super("TargetGroupBinding API (" + TargetGroupBinding.API_VERSION + ")", served::getAsBoolean, b -> b, clock);
  }

  /** Asks the API server (discovery needs no permission beyond being authenticated). */
  public static boolean discover(KubernetesClient client) {
    APIResourceList resources = client.getApiResources(TargetGroupBinding.API_VERSION);
    return resources != null && resources.getResources().stream()
        .anyMatch(r -> "targetgroupbindings".equals(r.getName()));
  }

  /** What the TargetGroupBindingsReady condition says while the CRD is missing. */
  public static String missing() {
    return "the cluster does not serve " + TargetGroupBinding.API_VERSION + " TargetGroupBinding (the AWS Load "
        + "Balancer Controller's CRD); install the controller or its CRDs: the operator looks again every minute "
        + "while an app waits, no restart needed";
  }
}
