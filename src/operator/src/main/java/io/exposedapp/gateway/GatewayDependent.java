package io.exposedapp.gateway;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.GatewayParentRef;
import io.exposedapp.api.NlbGatewayRoute;
import io.exposedapp.api.NlbGatewaySpec;
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
 * a Gateway concerns the app of its name (or, for {@code <app>-nlb}, the app's own NLB Gateway, that app) and every
 * app whose parentRefs, ALB or NLB, name it.
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
      if (name.endsWith(NlbGatewaySpec.OWN_GATEWAY_SUFFIX)) {
        apps.add(new ResourceID(name.substring(0, name.length() - NlbGatewaySpec.OWN_GATEWAY_SUFFIX.length()),
            namespace));
      }
      context.getPrimaryCache().list()
          .filter(app -> app.getSpec() != null)
          .filter(app -> parentRefs(app).anyMatch(ref -> attachesTo(ref, app.getMetadata().getNamespace(), namespace,
              name)))
          .map(ResourceID::fromResource)
          .forEach(apps::add);
      return apps;
    });
  }

  /** The Gateways an app's routes name: the gateway section's parentRefs and the nlbGateway routes' parentRef. */
  private static Stream<GatewayParentRef> parentRefs(ExposedApp app) {
    Stream<GatewayParentRef> alb = app.getSpec().gateway() == null || app.getSpec().gateway().parentRefs() == null
        ? Stream.empty() : app.getSpec().gateway().parentRefs().stream();
    Stream<GatewayParentRef> nlb = app.getSpec().nlbGateway() == null ? Stream.empty()
        : app.getSpec().nlbGateway().routeList().stream().filter(r -> r != null && r.parentRef() != null)
            .map(NlbGatewayRoute::parentRef);
    return Stream.concat(alb, nlb);
  }

  private static boolean attachesTo(GatewayParentRef ref, String appNamespace, String namespace, String name) {
    return ref != null && name.equals(ref.name()) && namespace.equals(ref.effectiveNamespace(appNamespace));
  }
}
