package io.exposedapp.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.exposedapp.allocation.PortRange;
import io.exposedapp.api.AlbScheme;
import io.exposedapp.config.IngressDefaults;
import io.exposedapp.lbc.LbcApi;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code render}: prints the Services, Ingresses and Gateway API objects the operator would write, like
 * {@code helm template}.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
    description = {
        "Prints the Service (and Ingress, and Gateway API) manifests the operator would write for ExposedApps, "
            + "without a cluster.",
        "nodePorts are chosen by the operator's allocator: explicit requests are honoured, others get the lowest "
            + "free port of the range, avoiding ports of --existing Services and of earlier documents.",
        "Invalid documents are reported on stderr (file, document, field) and print nothing."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every document rendered", "1:some documents are invalid (see stderr)",
        "2:usage error or unreadable input"})
public final class RenderCommand implements Callable<Integer> {

  public static final int OK = 0;
  public static final int INVALID = 1;
  public static final int USAGE = 2;

  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH",
      description = "ExposedApp YAML files or folders of them (.yaml/.yml, multi-document); - reads stdin.")
  List<String> paths = new ArrayList<>();

  @Option(names = "--node-port-range", paramLabel = "START-END", defaultValue = "30000-32767",
      description = "Range nodePorts are allocated from (default: ${DEFAULT-VALUE}).")
  String nodePortRange;

  @Option(names = "--existing", paramLabel = "FILE",
      description = "Services and Ingresses already in the cluster, e.g. the output of 'kubectl get svc,ingress -A "
          + "-o yaml': their nodePorts are not handed out, their names are taken unless an app owns or adopts them.")
  Path existing;

  @Option(names = "--pools", paramLabel = "FILE",
      description = "NodePortPools apps draw new nodePorts from, and Namespaces for the labels pools select by, e.g. "
          + "the output of 'kubectl get nodeportpools,namespaces -o yaml'. Without it, no pool exists.")
  Path pools;

  @Option(names = "--ingress-class", paramLabel = "NAME", defaultValue = "alb",
      description = "IngressClass when spec.ingress.className is unset (default: ${DEFAULT-VALUE}).")
  String ingressClass;

  @Option(names = "--scheme", paramLabel = "SCHEME", defaultValue = "internal",
      description = "ALB scheme when spec.ingress.scheme is unset: internet-facing or internal "
          + "(default: ${DEFAULT-VALUE}).")
  String scheme;

  @Option(names = "--gateway-class", paramLabel = "NAME", defaultValue = "alb",
      description = "GatewayClass of an app's own Gateway when spec.gateway.className is unset "
          + "(default: ${DEFAULT-VALUE}).")
  String gatewayClass;

  @Option(names = "--nlb-gateway-class", paramLabel = "NAME", defaultValue = "nlb",
      description = "GatewayClass of an app's own NLB Gateway when spec.nlbGateway.className is unset "
          + "(default: ${DEFAULT-VALUE}).")
  String nlbGatewayClass;

  @Option(names = "--route-version", paramLabel = "VERSION", defaultValue = "v1",
      description = "Version of TCPRoute, UDPRoute and TLSRoute: v1 (Gateway API v1.6 on) or v1alpha2 (earlier "
          + "experimental channels) (default: ${DEFAULT-VALUE}).")
  String routeVersion;

  @Option(names = "--lbc-version", paramLabel = "VERSION", defaultValue = "v1",
      description = "Version of gateway.k8s.aws to write TargetGroupConfigurations and LoadBalancerConfigurations "
          + "in: v1 (AWS Load Balancer Controller v3.5 on) or v1beta1 (v2.13 to v3.4) (default: ${DEFAULT-VALUE}).")
  String lbcVersion;

  private final InputStream stdin;

  public RenderCommand() {
    this(System.in);
  }

  RenderCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PortRange range;
    AlbScheme albScheme;
    LbcApi lbcApi;
    try {
      range = PortRange.parse(nodePortRange);
      lbcApi = java.util.Arrays.stream(LbcApi.values()).filter(v -> v.version().equals(lbcVersion)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("--lbc-version must be v1 or v1beta1, not " + lbcVersion));
      albScheme = java.util.Arrays.stream(AlbScheme.values()).filter(s -> s.value().equals(scheme)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("--scheme must be internet-facing or internal, not "
              + scheme));
      if (!io.exposedapp.gateway.l4.L4RouteKind.VERSIONS.contains(routeVersion)) {
        throw new IllegalArgumentException("--route-version must be v1 or v1alpha2, not " + routeVersion);
      }
    } catch (IllegalArgumentException e) {
      err.println("render: " + e.getMessage());
      return USAGE;
    }
    List<Renderer.Document> documents;
    RenderInputs.Existing existingObjects = RenderInputs.Existing.NONE;
    RenderInputs.PoolInputs poolInputs = RenderInputs.PoolInputs.NONE;
    int exit = OK;
    try {
      if (existing != null) {
        existingObjects = RenderInputs.existing(existing);
      }
      if (pools != null) {
        poolInputs = RenderInputs.pools(pools);
      }
      RenderInputs.Read read = RenderInputs.read(paths, stdin);
      read.unreadable().forEach(message -> err.println("render: " + message));
      exit = read.unreadable().isEmpty() ? OK : INVALID;
      documents = read.documents();
    } catch (RenderInputs.UnreadableInput e) {
      err.println("render: " + e.getMessage());
      return USAGE;
    } catch (IOException e) {
      err.println("render: " + e.getMessage());
      return USAGE;
    }
    Renderer.Result result = new Renderer(range, new IngressDefaults(ingressClass, albScheme),
        existingObjects.services(), existingObjects.ingresses(), poolInputs)
        .withGatewayDefaults(gatewayClass, lbcApi)
        .withNlbGatewayDefaults(nlbGatewayClass, routeVersion)
        .render(documents);
    for (Renderer.Rendered r : result.rendered()) {
      out.println("# Source: " + r.document().where() + " (ExposedApp " + r.app().getMetadata().getNamespace()
          + "/" + r.app().getMetadata().getName() + ")");
      for (HasMetadata object : r.objects()) {
        out.print(Serialization.asYaml(object));
      }
    }
    out.flush();
    for (Renderer.Rejected r : result.rejected()) {
      err.println("render: " + r.message());
    }
    return result.rejected().isEmpty() ? exit : INVALID;
  }
}
