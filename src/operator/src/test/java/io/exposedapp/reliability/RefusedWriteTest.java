package io.exposedapp.reliability;

import static io.exposedapp.testing.OperatorHarness.app;
import static io.exposedapp.testing.OperatorHarness.port;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.reconciler.ExposedAppReconciler;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.ConditionTypes.Reasons;
import io.exposedapp.status.Conditions;
import io.exposedapp.testing.OperatorHarness;
import io.exposedapp.testing.Waits;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;

/**
 * A write the API server refuses for a reason the user can fix (here a namespace's ResourceQuota on nodePorts, which
 * the API test server enforces as kube-apiserver does) is an expected failure: reported in the condition and a
 * Warning Event with the API server's words, retried with back-off, and logged as one line per attempt, never as a
 * stack trace.
 */
@Tag("real-apiserver")
class RefusedWriteTest {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness();

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void captureTheLogs() {
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void stopCapturing() {
    root.detachAppender(logs);
  }

  /**
   * A quota of {@code ports} nodePorts, with the status kube-controller-manager's quota controller would give it:
   * kube-apiserver's admission reads the status (and refuses everything while there is none), and the real-apiserver
   * tier runs no controller.
   */
  private static void nodePortQuota(String ns, int ports) {
    Quantity hard = new Quantity(String.valueOf(ports));
    var quota = op.client().resource(new ResourceQuotaBuilder().withNewMetadata().withName("np").withNamespace(ns)
        .endMetadata().withNewSpec().addToHard("services.nodeports", hard).endSpec().build()).forceConflicts()
        .serverSideApply();
    op.client().resource(new ResourceQuotaBuilder(quota).withNewStatus()
        .addToHard("services.nodeports", hard).addToUsed("services.nodeports", new Quantity("0")).endStatus()
        .build()).updateStatus();
  }

  @Test
  void anAppOverItsNamespacesNodePortQuotaIsReportedRetriedAndLoggedInOneLinePerAttempt() {
    String ns = op.newNamespace();
    nodePortQuota(ns, 1);

    op.create(app(ns, "big", port("http", 80), port("https", 443)));
    ExposedApp refused = op.awaitReason(ns, "big", ConditionTypes.SERVICE_READY, Reasons.SERVICE_APPLY_FAILED);
    assertThat(Conditions.find(refused.getStatus().conditions(), ConditionTypes.SERVICE_READY).orElseThrow()
        .getMessage()).contains("HTTP 403").contains("exceeded quota: np, requested: services.nodeports=2");
    assertThat(op.events(ns, "big", Reasons.SERVICE_APPLY_FAILED)).singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"))
        .satisfies(e -> assertThat(e.getMessage()).contains("exceeded quota"));

    Waits.await().until(() -> attemptLines(ns).size() >= 3);
    assertThat(attemptLines(ns)).allSatisfy(line -> {
      assertThat(line.getFormattedMessage()).contains("exceeded quota").contains("retrying in");
      assertThat(line.getThrowableProxy()).isNull();
    });
    assertThat(List.copyOf(logs.list)).as("stack traces logged while the write was refused")
        .noneMatch(e -> e.getThrowableProxy() != null);

    nodePortQuota(ns, 2);
    op.awaitReady(ns, "big");
  }

  /** The reconciler's lines about apps of the namespace (JOSDK's MDC carries the namespace). */
  private List<ILoggingEvent> attemptLines(String ns) {
    return List.copyOf(logs.list).stream()
        .filter(e -> e.getLoggerName().equals(ExposedAppReconciler.class.getName()))
        .filter(e -> ns.equals(e.getMDCPropertyMap().get("resource.namespace")))
        .filter(e -> e.getFormattedMessage().contains("failed"))
        .toList();
  }

}
