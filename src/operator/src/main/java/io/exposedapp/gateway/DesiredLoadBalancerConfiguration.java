package io.exposedapp.gateway;

import java.util.List;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.GatewayListener;
import io.exposedapp.api.GatewaySpec;
import io.exposedapp.gateway.GatewayPlan;
import io.exposedapp.lbc.ConfigurationStatus;
import io.exposedapp.lbc.LoadBalancerConfigurationSpec;
import io.exposedapp.lbc.LoadBalancerConfigurationSpec.ListenerConfiguration;
import io.exposedapp.lbc.LoadBalancerConfigurationSpec.SubnetConfiguration;
import io.exposedapp.meta.Labels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;

/**
 * The LoadBalancerConfiguration of an app's own Gateway: the ALB's scheme, name, subnets, security groups, tags,
 * the CIDRs it admits, and the certificates of each HTTPS listener. A pure function of the app and its plan, in the
 * {@code gateway.k8s.aws} version the cluster serves ({@code type}).
 */
public final class DesiredLoadBalancerConfiguration {

  /** {@code alpnPolicy} as the CRD defaults it (see {@link LoadBalancerConfigurationSpec.ListenerConfiguration}). */
  static final String ALPN_DEFAULT = "None";

  private DesiredLoadBalancerConfiguration() {
  }

  public static <R extends CustomResource<LoadBalancerConfigurationSpec, ConfigurationStatus>> R of(ExposedApp app,
      GatewayPlan plan, Class<R> type) {
    R object = DesiredTargetGroupConfiguration.instantiate(type);
    object.setMetadata(new ObjectMetaBuilder()
        .withName(app.getMetadata().getName())
        .withNamespace(app.getMetadata().getNamespace())
        .withLabels(Labels.of(app, "loadbalancerconfiguration"))
        .withOwnerReferences(Labels.controllerReference(app))
        .build());
    object.setSpec(spec(app.getSpec().gateway(), plan));
    return object;
  }

  static LoadBalancerConfigurationSpec spec(GatewaySpec gateway, GatewayPlan plan) {
    List<ListenerConfiguration> listeners = gateway.effectiveListeners().stream()
        .filter(l -> l.protocol() == GatewayListener.Protocol.HTTPS && gateway.hasCertificates())
        .map(l -> new ListenerConfiguration("HTTPS:" + l.port(), gateway.certificateArns().get(0),
            gateway.certificateArns().size() > 1 ? gateway.certificateArns().subList(1,
                gateway.certificateArns().size()) : null, ALPN_DEFAULT))
        .toList();
    return new LoadBalancerConfigurationSpec(plan.scheme().value(), gateway.loadBalancerName(),
        listeners.isEmpty() ? null : listeners, emptyToNull(gateway.inboundCidrs()),
        gateway.subnets() == null || gateway.subnets().isEmpty() ? null
            : gateway.subnets().stream().map(SubnetConfiguration::new).toList(),
        emptyToNull(gateway.securityGroups()),
        gateway.tags() == null || gateway.tags().isEmpty() ? null : new java.util.TreeMap<>(gateway.tags()));
  }

  private static List<String> emptyToNull(List<String> list) {
    return list == null || list.isEmpty() ? null : list;
  }
}
