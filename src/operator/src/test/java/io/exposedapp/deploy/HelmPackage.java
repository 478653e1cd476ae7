package io.exposedapp.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

import com.marcnuri.helm.Helm;

/**
 * {@code helm package} of the chart, run by the build at {@code package} ({@code src/operator/pom.xml}): writes
 * {@code target/exposedapp-operator-<version>.tgz} next to the jars. The version is Chart.yaml's, which
 * HelmChartTest keeps equal to the project's.
 */
public final class HelmPackage {

  private HelmPackage() {
  }

  /** @param args the chart's folder, and the folder to write the package to */
  public static void main(String[] args) throws Exception {
    Path chart = Path.of(args[0]);
    Path destination = Files.createDirectories(Path.of(args[1]));
    new Helm(chart).packageIt().withDestination(destination).call();
    System.out.println("[helm] packaged " + chart + " into " + destination);
  }
}
