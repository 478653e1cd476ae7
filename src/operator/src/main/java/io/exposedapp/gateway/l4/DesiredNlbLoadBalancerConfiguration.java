package io.exposedapp.gateway.l4;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.gateway.DesiredTargetGroupConfiguration;
import io.exposedapp.api.NlbGatewaySpec;
import io.exposedapp.gateway.l4.NlbGatewayPlan.PlannedRoute;
import io.exposedapp.lbc.ConfigurationStatus;
import io.exposedapp.lbc.LoadBalancerConfigurationSpec;
import io.exposedapp.lbc.LoadBalancerConfigurationSpec.Attribute;
import io.exposedapp.lbc.LoadBalancerConfigurationSpec.ListenerConfiguration;
import io.exposedapp.lbc.LoadBalancerConfigurationSpec.SubnetConfiguration;
import io.exposedapp.meta.Labels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;

/**
 * The LoadBalancerConfiguration of an app's own NLB Gateway: scheme, name, subnets with their Elastic IPs or private
 * addresses (by position, as {@code loadBalancer} has them), IP address type, security groups, tags, attributes, the
 * CIDRs it admits, and the certificates of each TLS listener ({@code TLS:<port>}). A pure function of the app and its
 * plan, in the {@code gateway.k8s.aws} version the cluster serves ({@code type}).
 */
public final class DesiredNlbLoadBalancerConfiguration {

  /** {@code alpnPolicy} as the CRD defaults it, written out: the list is atomic. */
  static final String ALPN_DEFAULT = "None";

  private DesiredNlbLoadBalancerConfiguration() {
  }

  public static <R extends CustomResource<LoadBalancerConfigurationSpec, ConfigurationStatus>> R of(ExposedApp app,
      NlbGatewayPlan plan, Class<R> type) {
    R object = DesiredTargetGroupConfiguration.instantiate(type);
    object.setMetadata(new ObjectMetaBuilder()
        .withName(NlbGatewaySpec.ownGatewayName(app.getMetadata().getName()))
        .withNamespace(app.getMetadata().getNamespace())
        .withLabels(Labels.of(app, "nlb-loadbalancerconfiguration"))
        .withOwnerReferences(Labels.controllerReference(app))
        .build());
    object.setSpec(spec(app.getSpec().nlbGateway(), plan));
    return object;
  }

  static LoadBalancerConfigurationSpec spec(NlbGatewaySpec section, NlbGatewayPlan plan) {
    List<String> certificates = section.certificateArns() == null ? List.of() : section.certificateArns();
    List<ListenerConfiguration> listeners = plan.routes().stream()
        .filter(r -> r.own() && r.kind() == L4RouteKind.TLS && !certificates.isEmpty())
        .map(PlannedRoute::listenerPort)
        .distinct()
        .map(port -> new ListenerConfiguration("TLS:" + port, certificates.get(0),
            certificates.size() > 1 ? certificates.subList(1, certificates.size()) : null, ALPN_DEFAULT))
        .toList();
    return new LoadBalancerConfigurationSpec(plan.scheme().value(), section.loadBalancerName(),
        listeners.isEmpty() ? null : listeners, emptyToNull(section.sourceRanges()), subnets(section),
        emptyToNull(section.securityGroups()),
        section.tags() == null || section.tags().isEmpty() ? null : new TreeMap<>(section.tags()),
        section.ipAddressType() == null ? null : section.ipAddressType().name(),
        section.attributes() == null || section.attributes().isEmpty() ? null
            : new TreeMap<>(section.attributes()).entrySet().stream()
                .map(e -> new Attribute(e.getKey(), e.getValue())).toList());
  }

  /** The subnets, each with the Elastic IP or private address of its position. */
  private static List<SubnetConfiguration> subnets(NlbGatewaySpec section) {
    if (section.subnets() == null || section.subnets().isEmpty()) {
      return null;
    }
    List<SubnetConfiguration> subnets = new ArrayList<>();
    for (int i = 0; i < section.subnets().size(); i++) {
      subnets.add(new SubnetConfiguration(section.subnets().get(i), at(section.eipAllocations(), i),
          at(section.privateIpv4Addresses(), i)));
    }
    return subnets;
  }

  private static String at(List<String> values, int index) {
    return values == null || index >= values.size() ? null : values.get(index);
  }

  private static List<String> emptyToNull(List<String> list) {
    return list == null || list.isEmpty() ? null : list;
  }
}
