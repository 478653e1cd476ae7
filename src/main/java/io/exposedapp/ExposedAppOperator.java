package io.exposedapp;

import java.time.Clock;

import io.exposedapp.config.OperatorConfig;
import io.exposedapp.plan.NodePortPlanner;
import io.exposedapp.reconciler.ExposedAppReconciler;
import io.exposedapp.status.Conditions;
import io.exposedapp.status.EventRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;

/**
 * The operator assembled from its configuration: one JOSDK {@link Operator} with the ExposedApp controller, in the
 * production configuration (server-side apply for dependents and status, JOSDK's defaults). Tests start exactly this.
 */
public final class ExposedAppOperator implements AutoCloseable {

  private final Operator operator;

  public ExposedAppOperator(KubernetesClient client, OperatorConfig config, Clock clock) {
    this.operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false));
    ExposedAppReconciler reconciler = new ExposedAppReconciler(new NodePortPlanner(config.nodePortRange(), clock),
        config.ingress(), new Conditions(clock), new EventRecorder(client, clock));
    operator.register(reconciler, c -> {
      if (!config.watchesAllNamespaces()) {
        c.settingNamespaces(config.watchedNamespaces());
      }
    });
  }

  /** Starts the informers and returns once they have synced; reconciles begin then. */
  public ExposedAppOperator start() {
    operator.start();
    return this;
  }

  @Override
  public void close() {
    operator.stop();
  }
}
