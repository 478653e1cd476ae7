package io.exposedapp.gateway;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.GatewayParentRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;

/**
 * The Gateway of an app with an ALB of its own. Its informer caches every Gateway of the cluster, because an app
 * attached to a platform team's Gateway (in another namespace) reports that Gateway's state and address: a change of
 * a Gateway concerns the app of its name and every app whose parentRefs name it.
 */
@KubernetesDependent(informer = @Informer(namespaces = Constants.WATCH_ALL_NAMESPACES))
public class GatewayDependent extends GatewayObjectDependent<Gateway> {

  public GatewayDependent() {
    super(Gateway.class, "Gateway");
  }

  @Override
  protected Gateway desired(ExposedApp app, Context<ExposedApp> context) {
    return DesiredGateway.of(app, gatewayPlan(context));
  }

  @Override
  protected Optional<SecondaryToPrimaryMapper<Gateway>> getSecondaryToPrimaryMapper(
      EventSourceContext<ExposedApp> context) {
    return Optional.of(gateway -> {
      String namespace = gateway.getMetadata().getNamespace();
      String name = gateway.getMetadata().getName();
      Set<ResourceID> apps = new HashSet<>();
      apps.add(ResourceID.fromResource(gateway));
      context.getPrimaryCache().list()
          .filter(app -> app.getSpec() != null && app.getSpec().gateway() != null
              && app.getSpec().gateway().parentRefs() != null)
          .filter(app -> app.getSpec().gateway().parentRefs().stream().anyMatch(ref -> attachesTo(ref,
              app.getMetadata().getNamespace(), namespace, name)))
          .map(ResourceID::fromResource)
          .forEach(apps::add);
      return apps;
    });
  }

  private static boolean attachesTo(GatewayParentRef ref, String appNamespace, String namespace, String name) {
    return ref != null && name.equals(ref.name()) && namespace.equals(ref.effectiveNamespace(appNamespace));
  }
}
