package io.exposedapp;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.exposedapp.config.OperatorConfig;
import io.exposedapp.render.RenderCommand;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point. Without a subcommand: runs the operator against the cluster of the current kubeconfig (or the
 * in-cluster service account), or with {@code --embedded} on an in-process API server ({@link EmbeddedRun}).
 * {@code render} prints what the operator would write ({@link RenderCommand}).
 */
@Command(name = "exposedapp-operator", mixinStandardHelpOptions = true, version = "exposedapp-operator 0.1.0",
    description = {
        "The ExposedApp operator: NodePort Services with operator-allocated nodePorts, and optional ALB Ingresses.",
        "Without a subcommand it runs the operator against the current kubeconfig or the in-cluster service "
            + "account. Configuration: environment variables (README.md)."},
    subcommands = {RenderCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped normally (or --embedded: every example reconciled)",
        "1:--embedded: not every example was reconciled in time", "2:invalid configuration or usage"})
public final class Main implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  @Option(names = "--embedded", description = "Start an in-process API server, install crds/, apply examples/, run "
      + "the operator and print what it made (run from the repository root).")
  boolean embedded;

  @Option(names = "--keep-running", description = "With --embedded: keep serving afterwards and write "
      + "target/embedded.kubeconfig for kubectl.")
  boolean keepRunning;

  public static void main(String[] args) {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setExitCodeExceptionMapper(e -> 2);
    int exit = commandLine.execute(args);
    if (exit != 0 || !isOperatorRun(commandLine)) {
      System.exit(exit);
    }
  }

  /** The operator run ends by SIGTERM, through the shutdown hook; every other command exits with its code. */
  private static boolean isOperatorRun(CommandLine commandLine) {
    var parsed = commandLine.getParseResult();
    Main main = commandLine.getCommand();
    return parsed != null && parsed.subcommand() == null && !main.embedded && !parsed.isUsageHelpRequested()
        && !parsed.isVersionHelpRequested();
  }

  @Override
  public Integer call() throws Exception {
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("invalid configuration: " + e.getMessage());
      return 2;
    }
    if (embedded) {
      return new EmbeddedRun(config, keepRunning).run();
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
    return 0;
  }
}
