package io.exposedapp;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.exposedapp.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Config;

/**
 * Entry point. Without arguments: runs the operator against the cluster of the current kubeconfig (or the in-cluster
 * service account). With {@code --embedded}: runs the whole product on an in-process API server, see
 * {@link EmbeddedRun}.
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) throws Exception {
    List<String> arguments = Arrays.asList(args);
    if (arguments.contains("--help") || arguments.contains("-h")) {
      System.out.println("""
          Usage: java -jar exposedapp-operator.jar [--embedded [--keep-running]]

            (no option)      run the operator against the current kubeconfig or in-cluster configuration
            --embedded       start an in-process API server, install crds/, apply examples/, run the operator
                             and print what it made; exits when done
            --keep-running   with --embedded: keep serving afterwards and write a kubeconfig for kubectl

          Configuration: environment variables, see README.md.""");
      return;
    }
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (arguments.contains("--embedded")) {
      System.exit(new EmbeddedRun(config, arguments.contains("--keep-running")).run());
      return;
    }
    KubernetesClient client = ExposedAppOperator.newClient(Config.autoConfigure(null));
    ExposedAppOperator operator = new ExposedAppOperator(client, config, Clock.systemUTC());
    // SIGTERM (Kubernetes stopping the pod): finish in-flight reconciles, release the lease, then exit
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("SIGTERM: stopping after in-flight reconciles");
      operator.close();
      log.info("stopped");
    }, "shutdown"));
    operator.start();
    log.info("operator started; nodePort range {}, namespaces {}, leader election {}", config.nodePortRange(),
        config.watchesAllNamespaces() ? "all" : config.watchedNamespaces(),
        config.leaderElection().map(le -> "on (lease " + le.leaseNamespace() + "/" + le.leaseName() + ")")
            .orElse("off"));
    new CountDownLatch(1).await();
  }
}
