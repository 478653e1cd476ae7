package io.exposedapp.gateway;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.HealthCheck;
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
 * The TargetGroupConfiguration an ExposedApp wants: its Service's target groups use target type instance (the ALB
 * sends traffic to node:nodePort, as the Ingress does) with the section's health check. A pure function of the app
 * and its plan, in the {@code gateway.k8s.aws} version the cluster serves ({@code type}).
 */
public final class DesiredTargetGroupConfiguration {

  public static final String INSTANCE = "instance";
  /** The health check port that means "the port that receives the traffic" (the nodePort). */
  static final String TRAFFIC_PORT = "traffic-port";

  private DesiredTargetGroupConfiguration() {
  }

  public static <R extends CustomResource<TargetGroupConfigurationSpec, ConfigurationStatus>> R of(ExposedApp app,
      ExposurePlan plan, Class<R> type) {
    R object = instantiate(type);
    object.setMetadata(new ObjectMetaBuilder()
        .withName(app.getMetadata().getName())
        .withNamespace(app.getMetadata().getNamespace())
        .withLabels(Labels.of(app, "targetgroupconfiguration"))
        .withOwnerReferences(Labels.controllerReference(app))
        .build());
    object.setSpec(spec(app, plan));
    return object;
  }

  static TargetGroupConfigurationSpec spec(ExposedApp app, ExposurePlan plan) {
    HealthCheck check = app.getSpec().gateway().healthCheck();
    return new TargetGroupConfigurationSpec(new TargetReference("", "Service", plan.serviceName()),
        new TargetGroupProps(INSTANCE, check == null ? null : new HealthCheckConfig(check.path(),
            // the traffic port is the controller's default, and a number is what healthCheckPort documents
            TRAFFIC_PORT.equals(check.port()) ? null : check.port(),
            check.protocol() == null ? null : check.protocol().name(), check.intervalSeconds(),
            check.timeoutSeconds(), check.healthyThreshold(), check.unhealthyThreshold(),
            check.successCodes() == null ? null : new Matcher(check.successCodes()))));
  }

  static <R> R instantiate(Class<R> type) {
    try {
      return type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate " + type, e);
    }
  }
}
