package io.exposedapp.gateway;

import io.exposedapp.api.ExposedApp;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import io.exposedapp.api.HealthCheck;
import io.exposedapp.api.LoadBalancerHealthCheck;
import io.exposedapp.api.NlbGatewaySpec;
import io.exposedapp.gateway.l4.L4RouteKind;
import io.exposedapp.gateway.l4.NlbGatewayPlan;
import io.exposedapp.lbc.LoadBalancerConfigurationSpec.Attribute;
import io.exposedapp.lbc.TargetGroupConfigurationSpec.NodeSelector;
import io.exposedapp.lbc.TargetGroupConfigurationSpec.RouteConfiguration;
import io.exposedapp.lbc.TargetGroupConfigurationSpec.RouteIdentifier;
import io.exposedapp.lbc.ConfigurationStatus;
import io.exposedapp.lbc.TargetGroupConfigurationSpec;
import io.exposedapp.lbc.TargetGroupConfigurationSpec.HealthCheckConfig;
import io.exposedapp.lbc.TargetGroupConfigurationSpec.Matcher;
import io.exposedapp.lbc.TargetGroupConfigurationSpec.TargetGroupProps;
import io.exposedapp.lbc.TargetGroupConfigurationSpec.TargetReference;
import io.exposedapp.meta.Labels;
import io.exposedapp.plan.ExposurePlan;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;

/**
 * The TargetGroupConfiguration an ExposedApp wants, the one of its Service (the AWS Load Balancer Controller uses the
 * first it finds for a Service, so the ALB and the NLB Gateway forms share it): target type instance (traffic to
 * node:nodePort) with the gateway section's health check by default, and, per layer-4 route kind of the nlbGateway
 * section, a route configuration with the NLB's health check, attributes and nodes. A TLSRoute's target groups speak
 * TCP: the NLB terminates TLS (the controller would otherwise make them TLS). A pure function of the app and its
 * plans, in the {@code gateway.k8s.aws} version the cluster serves ({@code type}).
 */
public final class DesiredTargetGroupConfiguration {

  public static final String INSTANCE = "instance";
  /** The health check port that means "the port that receives the traffic" (the nodePort). */
  static final String TRAFFIC_PORT = "traffic-port";

  private DesiredTargetGroupConfiguration() {
  }

  public static <R extends CustomResource<TargetGroupConfigurationSpec, ConfigurationStatus>> R of(ExposedApp app,
      ExposurePlan plan, NlbGatewayPlan nlb, Class<R> type) {
    R object = instantiate(type);
    object.setMetadata(new ObjectMetaBuilder()
        .withName(app.getMetadata().getName())
        .withNamespace(app.getMetadata().getNamespace())
        .withLabels(Labels.of(app, "targetgroupconfiguration"))
        .withOwnerReferences(Labels.controllerReference(app))
        .build());
    object.setSpec(spec(app, plan, nlb));
    return object;
  }

  static TargetGroupConfigurationSpec spec(ExposedApp app, ExposurePlan plan, NlbGatewayPlan nlb) {
    HealthCheck check = app.getSpec().wantsGateway() ? app.getSpec().gateway().healthCheck() : null;
    List<RouteConfiguration> routes = new ArrayList<>();
    if (nlb.wanted()) {
      NlbGatewaySpec section = app.getSpec().nlbGateway();
      // a route configuration's health check replaces the default's whole: with an ALB check there, state the NLB's
      HealthCheckConfig nlbCheck = section.healthCheck() != null ? nlbCheck(section.healthCheck())
          : check != null ? new HealthCheckConfig(null, null, LoadBalancerHealthCheck.Protocol.TCP.name(), null,
              null, null, null, null) : null;
      List<Attribute> attributes = section.targetGroupAttributes() == null || section.targetGroupAttributes()
          .isEmpty() ? null : new TreeMap<>(section.targetGroupAttributes()).entrySet().stream()
              .map(e -> new Attribute(e.getKey(), e.getValue())).toList();
      NodeSelector nodes = section.targetNodeLabels() == null || section.targetNodeLabels().isEmpty() ? null
          : new NodeSelector(new TreeMap<>(section.targetNodeLabels()));
      for (L4RouteKind kind : nlb.kinds()) {
        routes.add(new RouteConfiguration(new RouteIdentifier(kind.kind(), app.getMetadata().getNamespace(), null),
            new TargetGroupProps(INSTANCE, nlbCheck, kind == L4RouteKind.TLS ? "TCP" : null, attributes, nodes)));
      }
    }
    return new TargetGroupConfigurationSpec(new TargetReference("", "Service", plan.serviceName()),
        new TargetGroupProps(INSTANCE, check == null ? null : new HealthCheckConfig(check.path(),
            // the traffic port is the controller's default, and a number is what healthCheckPort documents
            TRAFFIC_PORT.equals(check.port()) ? null : check.port(),
            check.protocol() == null ? null : check.protocol().name(), check.intervalSeconds(),
            check.timeoutSeconds(), check.healthyThreshold(), check.unhealthyThreshold(),
            check.successCodes() == null ? null : new Matcher(check.successCodes()))),
        routes.isEmpty() ? null : routes);
  }

  private static HealthCheckConfig nlbCheck(LoadBalancerHealthCheck check) {
    return new HealthCheckConfig(check.path(), TRAFFIC_PORT.equals(check.port()) ? null : check.port(),
        check.protocol() == null ? null : check.protocol().name(), check.intervalSeconds(), check.timeoutSeconds(),
        check.healthyThreshold(), check.unhealthyThreshold(),
        check.successCodes() == null ? null : new Matcher(check.successCodes()));
  }

  /** A new object of a modelled kind (each version is a class of its own). */
  public static <R> R instantiate(Class<R> type) {
    try {
      return type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate " + type, e);
    }
  }
}
