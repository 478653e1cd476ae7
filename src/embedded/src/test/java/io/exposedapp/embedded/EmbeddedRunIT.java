package io.exposedapp.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The README's first command, as a user runs it: {@code java -jar target/exposedapp-embedded.jar} from the
 * repository root, no cluster. Runs after {@code package} (failsafe), with the repository root as working directory.
 */
class EmbeddedRunIT {

  private static final Path JAR = Path.of("target", "exposedapp-embedded.jar");

  @Test
  void theEmbeddedRunReconcilesEveryExampleAndPrintsItsServiceAndExitsZero() throws Exception {
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        JAR.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("exited").isTrue();

    assertThat(process.exitValue()).as("exit code; output:%n%s", output).isZero();
    List<String> lines = output.lines().toList();
    for (String[] app : examples()) {
      // one row per app (namespace, name, READY) and one per Service, whatever order the reconciles took
      assertThat(lines).as("a row of ExposedApp %s/%s", app[0], app[1])
          .anyMatch(l -> l.matches(app[0] + "\\s+" + app[1] + "\\s+(True|False)\\s+\\S+:3\\d{4}.*"));
      assertThat(lines).as("a row of its Service %s/%s", app[0], app[2])
          .anyMatch(l -> l.matches(app[0] + "\\s+" + app[2] + "\\s+(NodePort|LoadBalancer)\\s+.*:3\\d{4}/.*"));
    }
    // the pools of examples/pools/, counting what the apps of the namespaces they serve hold
    assertThat(lines).as("the web teams' pool, used by shop and orders")
        .anyMatch(l -> l.matches("web-teams\\s+30100-30199\\s+100\\s+3\\s+97\\s+false\\s+orders:1,shop:2"));
    assertThat(lines).as("the default pool, used by the other examples' namespaces")
        .anyMatch(l -> l.matches("shared\\s+30000-30099,30200-32767\\s+2668\\s+9\\s+2659\\s+true\\s+"
            + "games:4,infra:2,talk:3"));
    // examples/multi-port.yaml: an NLB of its own (a LoadBalancer Service, with the health check's nodePort, the
    // fourth of games), waiting for the AWS Load Balancer Controller that does not run here
    assertThat(lines).as("game's Service is its NLB")
        .anyMatch(l -> l.matches("games\\s+game-np\\s+LoadBalancer\\s+.*"));
    assertThat(lines).as("game waits for its NLB")
        .anyMatch(l -> l.matches("games\\s+game\\s+False\\s+\\S+\\s+AddressPending: .*NLB.*"));
    // examples/udp-dns.yaml: its target groups' bindings, waiting for the controller
    assertThat(lines).as("dns's binding of its UDP port, which opens that port's nodePort")
        .anyMatch(l -> l.matches("infra\\s+dns-dns\\s+dns:dns\\s+3\\d{4}/UDP\\s+edge-dns-udp"));
    assertThat(lines).as("dns waits for its TargetGroupBindings")
        .anyMatch(l -> l.matches("infra\\s+dns\\s+False\\s+\\S+\\s+BindingPending: .*TargetGroupBinding.*"));
    assertThat(lines).as("shop's app drew from its pool")
        .anyMatch(l -> l.matches("shop\\s+web\\s+\\S+\\s+http:301\\d\\d\\s.*"));
    // examples/gateway-attach.yaml: the HTTPRoute to the platform team's Gateway, and why the app is not Ready yet
    assertThat(lines).as("catalog's HTTPRoute")
        .anyMatch(l -> l.matches("shop\\s+catalog\\s+gateways/public/https\\s+catalog.example.com/ -> catalog:80"));
    assertThat(lines).as("catalog waits for its Gateway")
        .anyMatch(l -> l.matches("shop\\s+catalog\\s+False\\s+http:301\\d\\d\\s+GatewayNotFound: .*"));
    // examples/nlb-gateway.yaml: a UDPRoute and a TLSRoute on the app's own NLB Gateway, next to its HTTPRoute
    assertThat(lines).as("voice's UDPRoute on its own NLB Gateway")
        .anyMatch(l -> l.matches("talk\\s+voice-media\\s+UDPRoute\\s+voice-nlb/media\\s+voice:3478"));
    assertThat(lines).as("voice's TLSRoute")
        .anyMatch(l -> l.matches("talk\\s+voice-turns\\s+TLSRoute\\s+voice-nlb/turns\\s+voice:5349"));
  }

  @Test
  void theOperatorJarsFormerEmbeddedOptionNamesThisJar() throws Exception {
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        Path.of("target", "exposedapp-operator.jar").toString(), "--embedded").redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
    assertThat(process.exitValue()).as("exit code (usage)").isEqualTo(2);
    assertThat(output).contains("java -jar " + JAR);
    assertThat(JAR).as("the jar it names").exists();
  }

  /** namespace, name and Service name of every ExposedApp in examples/. */
  private static List<String[]> examples() throws IOException {
    List<String[]> apps = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(Path.of("examples"))) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    YAMLMapper yaml = new YAMLMapper();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        for (JsonNode doc : yaml.readValues(yaml.createParser(in), JsonNode.class).readAll()) {
          if (doc.path("kind").asText().equals("ExposedApp")) {
            String name = doc.path("metadata").path("name").asText();
            apps.add(new String[] {doc.path("metadata").path("namespace").asText("default"), name,
                doc.path("spec").path("serviceName").asText(name)});
          }
        }
      }
    }
    assertThat(apps).as("ExposedApps in examples/").isNotEmpty();
    return apps;
  }
}
