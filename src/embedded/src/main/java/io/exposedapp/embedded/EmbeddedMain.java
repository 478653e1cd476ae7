package io.exposedapp.embedded;

import java.util.concurrent.Callable;

import io.exposedapp.config.OperatorConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point of {@code target/exposedapp-embedded.jar}: the operator on an in-process API test server, no cluster
 * needed ({@link EmbeddedRun}). Configured by the same environment variables as the operator.
 */
@Command(name = "exposedapp-embedded", mixinStandardHelpOptions = true, version = "exposedapp-embedded 0.1.0",
    description = {
        "Starts an in-process API server, installs crds/, applies examples/, runs the ExposedApp operator and "
            + "prints what it made. Run from the repository root. Configuration: the operator's environment "
            + "variables (docs/configuration.md)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every example reconciled", "1:not every example was reconciled in time",
        "2:invalid configuration or usage"})
public final class EmbeddedMain implements Callable<Integer> {

  @Option(names = "--keep-running", description = "Keep serving afterwards and write target/embedded.kubeconfig "
      + "for kubectl.")
  boolean keepRunning;

  public static void main(String[] args) {
    CommandLine commandLine = new CommandLine(new EmbeddedMain());
    commandLine.setExitCodeExceptionMapper(e -> 2);
    System.exit(commandLine.execute(args));
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
    return new EmbeddedRun(config, keepRunning).run();
  }
}
