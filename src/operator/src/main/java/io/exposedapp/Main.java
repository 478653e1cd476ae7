package io.exposedapp;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.exposedapp.config.OperatorConfig;
import io.exposedapp.migration.ImportCommand;
import io.exposedapp.render.RenderCommand;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point of the jar the image runs. Without a subcommand: runs the operator against the cluster of the current
 * kubeconfig (or the in-cluster service account). {@code render} prints what the operator would write
 * ({@link RenderCommand}). The embedded run has a jar of its own, {@code target/exposedapp-embedded.jar}: this one
 * carries no API server.
 */
@Command(name = "exposedapp-operator", mixinStandardHelpOptions = true, version = "exposedapp-operator 0.1.0",
    description = {
        "The ExposedApp operator: NodePort Services with operator-allocated nodePorts, and optional ALB Ingresses.",
        "Without a subcommand it runs the operator against the current kubeconfig or the in-cluster service "
            + "account. Configuration: environment variables (docs/configuration.md)."},
    subcommands = {RenderCommand.class, ImportCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped normally", "2:invalid configuration or usage"})
public final class Main implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  /** The embedded run used to be this option: it now says where the run went, rather than "unknown option". */
  @Option(names = "--embedded", hidden = true)
  boolean embedded;

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
    if (embedded) {
      System.err.println("the embedded run has a jar of its own: java -jar target/exposedapp-embedded.jar "
          + "[--keep-running] (README.md, \"The two commands\")");
      return 2;
    }
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("invalid configuration: " + e.getMessage());
      return 2;
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
