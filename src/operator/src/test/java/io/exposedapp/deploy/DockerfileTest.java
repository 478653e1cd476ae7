package io.exposedapp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.exposedapp.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The image build (Dockerfile, .dockerignore) agrees with the Maven build (pom.xml), the operator's configuration
 * defaults (OperatorConfig) and the Deployment. Static checks only: there is no Docker engine in the test run.
 */
class DockerfileTest {

  private static final Dockerfile DOCKERFILE = Dockerfile.read();
  private static final Dockerfile.Stage RUNTIME = DOCKERFILE.finalStage();
  private static final DeployManifests MANIFESTS = DeployManifests.load();
  private static final Deployment DEPLOYMENT = MANIFESTS.deployment();
  private static final OperatorConfig DEFAULTS = OperatorConfig.defaults();
  private static final Document ROOT_POM = pom("pom.xml");
  private static final Document OPERATOR_POM = pom("src/operator/pom.xml");

  // ---- the jar ---------------------------------------------------------------------------------------------------

  @Test
  void runtimeStageCopiesTheShadedJarOfTheOperatorModuleAndRunsIt() {
    String jar = shadedJar(OPERATOR_POM);
    assertThat(jar).isEqualTo("target/exposedapp-operator.jar");

    List<Dockerfile.Instruction> copies = RUNTIME.all("COPY");
    assertThat(copies).as("COPY instructions of the runtime stage: only the jar").hasSize(1);
    List<String> args = words(copies.get(0).arguments());
    String from = args.stream().filter(a -> a.startsWith("--from=")).map(a -> a.substring(7)).findFirst()
        .orElseThrow(() -> new AssertionError("the runtime stage copies from the build context, not a stage"));
    List<String> paths = args.stream().filter(a -> !a.startsWith("--")).toList();
    assertThat(paths).as("COPY source and destination").hasSize(2);

    Dockerfile.Stage build = DOCKERFILE.stage(from)
        .orElseThrow(() -> new AssertionError("COPY --from=" + from + " names no stage"));
    String workdir = build.last("WORKDIR").map(Dockerfile.Instruction::arguments).orElse("/");
    String source = paths.get(0).startsWith("/") ? paths.get(0) : workdir + "/" + paths.get(0);
    assertThat(Path.of(source).normalize()).as("the jar the build stage produces").isEqualTo(Path.of(workdir, jar));
    assertThat(paths.get(1)).isEqualTo("/app/exposedapp-operator.jar");

    List<String> entrypoint = jsonArray(RUNTIME.last("ENTRYPOINT").orElseThrow().arguments());
    assertThat(entrypoint).as("ENTRYPOINT (exec form)").containsExactly("java", "-jar", paths.get(1));
    assertThat(RUNTIME.all("CMD")).as("no CMD: no arguments = in-cluster operator").isEmpty();
  }

  @Test
  void jarManifestRunsMainWhichExists() throws Exception {
    String mainClass = property(OPERATOR_POM, "main.class");
    assertThat(child(shadeExecution(), "configuration")).as("the shade plugin's main class")
        .contains("${main.class}");
    assertThat(mainClass).isEqualTo("io.exposedapp.Main");
    java.lang.reflect.Method main = java.util.Arrays.stream(Class.forName(mainClass).getDeclaredMethods())
        .filter(m -> m.getName().equals("main") && java.util.Arrays.equals(m.getParameterTypes(),
            new Class<?>[] {String[].class}))
        .findFirst().orElseThrow(() -> new AssertionError(mainClass + " has no main(String[])"));
    assertThat(java.lang.reflect.Modifier.isPublic(main.getModifiers())
        && java.lang.reflect.Modifier.isStatic(main.getModifiers())).as("main(String[]) is public static").isTrue();
    assertThat(main.getReturnType()).as("main(String[]) returns void").isEqualTo(void.class);
  }

  @Test
  void buildStageRunsTheReadmePackageCommandAfterCachingDependencies() throws IOException {
    Dockerfile.Stage build = DOCKERFILE.stages().get(0);
    assertThat(DOCKERFILE.stages()).as("stages").hasSizeGreaterThanOrEqualTo(2);
    assertThat(build.image()).as("build image").matches("maven:3\\.9\\.\\d+-eclipse-temurin-17");

    Dockerfile.Instruction resolve = only(build, "RUN", "dependency:");
    Dockerfile.Instruction copySrc = only(build, "COPY", "src ");
    Dockerfile.Instruction packaging = only(build, "RUN", " package");
    List<String> poms = new ArrayList<>(List.of("pom.xml"));
    modules().forEach(module -> poms.add(module + "/pom.xml"));
    for (String pom : poms) {
      Dockerfile.Instruction copyPom = build.all("COPY").stream()
          .filter(c -> words(c.arguments()).get(0).equals(pom)).findFirst()
          .orElseThrow(() -> new AssertionError("the build stage does not copy " + pom + " on its own"));
      assertThat(build.indexOf(copyPom)).as("%s copied before dependencies are resolved", pom)
          .isLessThan(build.indexOf(resolve));
    }
    assertThat(build.indexOf(resolve)).as("dependencies resolved before the sources are copied (own layer)")
        .isLessThan(build.indexOf(copySrc));
    assertThat(build.indexOf(copySrc)).isLessThan(build.indexOf(packaging));
    assertThat(packaging.arguments()).isEqualTo("mvn -B -ntp -q package -DskipTests");
    assertThat(Files.readString(Path.of("README.md"))).as("README's build command")
        .contains(packaging.arguments());
  }

  // ---- the runtime image -----------------------------------------------------------------------------------------

  @Test
  void runtimeImageIsAPinnedJre17WithoutBuildTools() {
    String image = RUNTIME.image();
    assertThat(image).as("runtime base image: Temurin JRE 17 with a full version tag, or distroless java17")
        .matches("eclipse-temurin:17\\.\\d+\\.\\d+_\\d+-jre(-[a-z]+)?(@sha256:[0-9a-f]{64})?"
            + "|gcr\\.io/distroless/java17-debian\\d+(:nonroot)?@sha256:[0-9a-f]{64}");
    assertThat(image).doesNotContainIgnoringCase("maven").doesNotContainIgnoringCase("jdk").doesNotContain(":latest");
    assertThat(RUNTIME.all("RUN")).as("the runtime stage installs nothing").isEmpty();
    assertThat(RUNTIME.all("ADD")).isEmpty();
  }

  @Test
  void runtimeUserIsNumericNonRootAndMatchesTheDeployment() {
    String user = RUNTIME.last("USER").orElseThrow(() -> new AssertionError("the runtime stage sets no USER"))
        .arguments();
    Matcher m = Pattern.compile("(\\d+):(\\d+)").matcher(user);
    assertThat(m.matches()).as("USER %s is numeric uid:gid (runAsNonRoot can only verify numeric users)", user)
        .isTrue();
    long uid = Long.parseLong(m.group(1));
    long gid = Long.parseLong(m.group(2));
    assertThat(uid).as("uid").isNotZero();
    assertThat(gid).as("gid").isNotZero();
    var psc = DEPLOYMENT.getSpec().getTemplate().getSpec().getSecurityContext();
    assertThat(psc.getRunAsUser()).as("Deployment runAsUser = image USER").isEqualTo(uid);
    assertThat(psc.getRunAsGroup()).as("Deployment runAsGroup = image group").isEqualTo(gid);
  }

  @Test
  void jvmSizesTheHeapFromTheContainerLimitAndExitsOnOutOfMemory() {
    String options = env(RUNTIME).get("JAVA_TOOL_OPTIONS");
    assertThat(options).as("ENV JAVA_TOOL_OPTIONS").isNotNull();
    Matcher percentage = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(\\.\\d+)?)").matcher(options);
    assertThat(percentage.find()).as("MaxRAMPercentage in %s", options).isTrue();
    assertThat(Double.parseDouble(percentage.group(1))).isBetween(50.0, 80.0);
    assertThat(options).contains("-XX:+ExitOnOutOfMemoryError");
    assertThat(operator().getEnv()).as("the Deployment must not replace the image's JAVA_TOOL_OPTIONS")
        .noneMatch(e -> e.getName().equals("JAVA_TOOL_OPTIONS") && !e.getValue().contains("MaxRAMPercentage"));
  }

  // ---- ports: config defaults = EXPOSE = Deployment = probes = Service -------------------------------------------

  @Test
  void exposedPortsAreTheConfigDefaultsAndTheDeploymentsPorts() {
    int health = DEFAULTS.healthPort();
    int metrics = DEFAULTS.metricsPort();
    assertThat(health).isEqualTo(8081);
    assertThat(metrics).isEqualTo(8080);

    Set<Integer> exposed = RUNTIME.all("EXPOSE").stream()
        .flatMap(i -> words(i.arguments()).stream())
        .map(p -> Integer.parseInt(p.replace("/tcp", "")))
        .collect(Collectors.toSet());
    assertThat(exposed).as("EXPOSE").containsExactlyInAnyOrder(health, metrics);

    Container c = operator();
    Map<String, Integer> ports = c.getPorts().stream()
        .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
    assertThat(ports).as("container ports").containsExactlyInAnyOrderEntriesOf(Map.of("health", health,
        "metrics", metrics));
    Map<String, String> env = c.getEnv().stream().filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    assertThat(env.getOrDefault(OperatorConfig.HEALTH_PORT, String.valueOf(health)))
        .as(OperatorConfig.HEALTH_PORT).isEqualTo(String.valueOf(health));
    assertThat(env.getOrDefault(OperatorConfig.METRICS_PORT, String.valueOf(metrics)))
        .as(OperatorConfig.METRICS_PORT).isEqualTo(String.valueOf(metrics));

    for (var probe : List.of(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe())) {
      assertThat(resolve(probe.getHttpGet().getPort(), ports)).as("probe port of %s", probe.getHttpGet().getPath())
          .isEqualTo(health);
    }

    Service service = MANIFESTS.metricsService();
    ServicePort port = service.getSpec().getPorts().get(0);
    assertThat(port.getName()).isEqualTo("metrics");
    assertThat(port.getPort()).isEqualTo(metrics);
    assertThat(resolve(port.getTargetPort(), ports)).as("metrics Service targetPort").isEqualTo(metrics);
    assertThat(service.getSpec().getSelector()).as("metrics Service selects the operator pods")
        .isEqualTo(DEPLOYMENT.getSpec().getSelector().getMatchLabels());
    assertThat(service.getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/port", String.valueOf(metrics)).containsEntry("prometheus.io/path", "/metrics");
  }

  // ---- .dockerignore ---------------------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} is in the build context")
  @ValueSource(strings = {"pom.xml", "src/operator/pom.xml", "src/operator/src/main/java/io/exposedapp/Main.java",
      "src/operator/src/main/resources/logback.xml", "src/operator/src/test/java/io/exposedapp/deploy/DockerfileTest.java",
      "src/api-test-server/pom.xml", "src/embedded/pom.xml"})
  void buildContextHoldsWhatTheBuildStageCopies(String path) {
    assertThat(DockerIgnore.read().excludes(path)).as(".dockerignore excludes %s", path).isFalse();
  }

  @ParameterizedTest(name = "{0} is not in the build context")
  @ValueSource(strings = {"target/exposedapp-operator.jar", "target/embedded.kubeconfig",
      "src/operator/target/classes/io/exposedapp/Main.class", "src/api-test-server/target/surefire-reports/x.txt", ".git/HEAD",
      ".git/config", ".idea/workspace.xml", "deploy/kustomization.yaml", "Dockerfile", "README.md"})
  void buildContextLeavesOutBuildOutputAndRepositoryFiles(String path) {
    assertThat(DockerIgnore.read().excludes(path)).as(".dockerignore excludes %s", path).isTrue();
  }

  @Test
  void everyBuildStageCopySourceIsInTheContext() {
    for (Dockerfile.Stage stage : DOCKERFILE.stages()) {
      for (Dockerfile.Instruction copy : stage.all("COPY")) {
        List<String> args = words(copy.arguments());
        if (args.stream().anyMatch(a -> a.startsWith("--from="))) {
          continue;
        }
        List<String> paths = args.stream().filter(a -> !a.startsWith("--")).toList();
        for (String source : paths.subList(0, paths.size() - 1)) {
          assertThat(Path.of(source)).as("COPY source %s exists", source).exists();
          assertThat(DockerIgnore.read().excludes(source)).as(".dockerignore excludes COPY source %s", source)
              .isFalse();
        }
      }
    }
  }

  @Test
  void dockerIgnoreMatcherFollowsDockerSemantics() {
    DockerIgnore ignore = DockerIgnore.parse(List.of("*", "!src/", "**/*.swp", "!keep.md", "docs/**/draft"));
    assertThat(ignore.excludes("anything")).isTrue();
    assertThat(ignore.excludes("src/a/B.java")).as("re-included directory content").isFalse();
    assertThat(ignore.excludes("src/a/.B.java.swp")).as("later pattern wins").isTrue();
    assertThat(ignore.excludes("keep.md")).isFalse();
    assertThat(DockerIgnore.parse(List.of("target/")).excludes("target/classes/x.class")).isTrue();
    assertThat(DockerIgnore.parse(List.of("target")).excludes("src/target")).isFalse();
    assertThat(DockerIgnore.parse(List.of("docs/**/draft")).excludes("docs/a/b/draft/x")).isTrue();
  }

  /** .dockerignore as Docker reads it: patterns in order, the last match wins, {@code !} re-includes. */
  record DockerIgnore(List<String> patterns) {

    static DockerIgnore read() {
      return parse(Arrays.asList(DeployManifests.read(Path.of(".dockerignore")).split("\n")));
    }

    static DockerIgnore parse(List<String> lines) {
      return new DockerIgnore(lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .toList());
    }

    boolean excludes(String path) {
      boolean excluded = false;
      for (String pattern : patterns) {
        boolean negated = pattern.startsWith("!");
        String glob = (negated ? pattern.substring(1) : pattern).strip();
        glob = glob.replaceAll("^/+", "").replaceAll("/+$", "");
        if (matchesPathOrParent(glob, path)) {
          excluded = !negated;
        }
      }
      return excluded;
    }

    private static boolean matchesPathOrParent(String glob, String path) {
      Pattern regex = Pattern.compile(toRegex(glob));
      String candidate = path;
      while (true) {
        if (regex.matcher(candidate).matches()) {
          return true;
        }
        int slash = candidate.lastIndexOf('/');
        if (slash < 0) {
          return false;
        }
        candidate = candidate.substring(0, slash);
      }
    }

    private static String toRegex(String glob) {
      StringBuilder regex = new StringBuilder();
      for (int i = 0; i < glob.length(); i++) {
        char ch = glob.charAt(i);
        if (glob.startsWith("**/", i)) {
          regex.append("(.*/)?");
          i += 2;
        } else if (glob.startsWith("**", i)) {
          regex.append(".*");
          i += 1;
        } else if (ch == '*') {
          regex.append("[^/]*");
        } else if (ch == '?') {
          regex.append("[^/]");
        } else {
          regex.append(Pattern.quote(String.valueOf(ch)));
        }
      }
      return regex.toString();
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  private static Container operator() {
    return DEPLOYMENT.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals("operator")).findFirst().orElseThrow();
  }

  private static int resolve(IntOrString port, Map<String, Integer> named) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    Integer number = named.get(port.getStrVal());
    if (number == null) {
      throw new AssertionError("no container port named " + port.getStrVal());
    }
    return number;
  }

  private static Dockerfile.Instruction only(Dockerfile.Stage stage, String keyword, String containing) {
    List<Dockerfile.Instruction> found = stage.all(keyword).stream()
        .filter(i -> i.arguments().contains(containing)).toList();
    assertThat(found).as("%s ... %s ... in the build stage", keyword, containing).hasSize(1);
    return found.get(0);
  }

  /** ENV instructions, key=value form (quotes removed). */
  private static Map<String, String> env(Dockerfile.Stage stage) {
    Map<String, String> env = new java.util.HashMap<>();
    Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)");
    for (Dockerfile.Instruction instruction : stage.all("ENV")) {
      Matcher m = pair.matcher(instruction.arguments());
      while (m.find()) {
        env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
      }
    }
    return env;
  }

  private static List<String> words(String arguments) {
    return new ArrayList<>(Arrays.asList(arguments.strip().split("\\s+")));
  }

  private static List<String> jsonArray(String json) {
    try {
      return new ObjectMapper().readValue(json, new TypeReference<List<String>>() { });
    } catch (IOException e) {
      throw new AssertionError("not a JSON array (exec form): " + json, e);
    }
  }

  /** The runnable jar a module's shade execution writes, relative to the repository root. */
  private static String shadedJar(Document modulePom) {
    String outputFile = child(configuration(shadeExecution()), "outputFile");
    return outputFile.replace("${repository.root}/", "")
        .replace("${project.artifactId}", child(modulePom.getDocumentElement(), "artifactId"));
  }

  /** The shade execution every module that lists the plugin inherits from the parent's pluginManagement. */
  private static Element shadeExecution() {
    NodeList plugins = ROOT_POM.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      if (child(plugin, "artifactId").equals("maven-shade-plugin")) {
        return (Element) plugin.getElementsByTagName("execution").item(0);
      }
    }
    throw new AssertionError("pom.xml has no maven-shade-plugin");
  }

  private static Element configuration(Element execution) {
    return (Element) execution.getElementsByTagName("configuration").item(0);
  }

  private static String property(Document pom, String name) {
    return pom.getElementsByTagName(name).item(0).getTextContent().trim();
  }

  private static List<String> modules() {
    NodeList modules = ROOT_POM.getElementsByTagName("module");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < modules.getLength(); i++) {
      names.add(modules.item(i).getTextContent().trim());
    }
    return names;
  }

  private static String child(Element element, String name) {
    for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e.getTextContent().trim();
      }
    }
    return "";
  }

  private static Document pom(String path) {
    try {
      var factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(Path.of(path).toFile());
    } catch (Exception e) {
      throw new AssertionError("cannot read " + path, e);
    }
  }
}
