package io.exposedapp.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.lbc.TargetGroupBinding;
import io.exposedapp.targetgroupbinding.TargetGroupBindingApi;
import io.exposedapp.render.RenderInputs;
import io.exposedapp.render.Renderer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code import}: ExposedApps ({@code spec.adopt: true}) for existing NodePort Services and their ALB Ingresses, from
 * YAML or, read-only, from the cluster of the current kubeconfig ({@link Importer}).
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {
        "Prints an ExposedApp with spec.adopt: true for every NodePort Service of the input, and every LoadBalancer "
            + "Service of the AWS Load Balancer Controller's NLB class in instance mode (a loadBalancer section), with "
            + "the ALB Ingress that routes only to it and the TargetGroupBindings of its ports, so that the operator "
            + "takes them over without moving a nodePort "
            + "(docs/migrating.md). What cannot be expressed is named on stderr, and the "
            + "object is left out or imported without that part.",
        "Input: YAML files or folders of them (e.g. 'kubectl get svc,ingress,targetgroupbindings -n shop -o yaml'), "
            + "- for stdin, or "
            + "--from-cluster.",
        "With --gateway, every app with an ingress section (and every ExposedApp of the input that has one) also gets "
            + "the spec.gateway section that routes the same way, and every app with a loadBalancer section the "
            + "spec.nlbGateway section of the same NLB, for the move to Gateway API (docs/gateway-api.md, "
            + "docs/nlb-gateway.md)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:everything imported", "1:something was left out (stderr says what)",
        "2:usage: an unknown option, a path that does not exist, unreadable YAML, an unreachable cluster"})
public final class ImportCommand implements Callable<Integer> {

  static final int OK = 0;
  static final int INCOMPLETE = 1;
  static final int USAGE = 2;

  @Spec
  CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "PATH",
      description = "YAML files or folders of them (.yaml/.yml, multi-document, Lists); - reads stdin.")
  List<String> paths = new ArrayList<>();

  @ArgGroup(exclusive = false)
  Cluster cluster;

  @Option(names = "--gateway",
      description = "Also write spec.gateway from each ingress section and spec.nlbGateway from each loadBalancer "
          + "section; ExposedApps are read as well (docs/gateway-api.md).")
  boolean gateway;

  @Option(names = "--gateway-namespace", paramLabel = "NS",
      description = "With --gateway: the namespace of the Gateways that replace IngressGroups (a group becomes a "
          + "parentRef to the Gateway of its name). Default: each app's namespace.")
  String gatewayNamespace;

  /** Reading from a cluster: the options that only make sense together. */
  static final class Cluster {
    @Option(names = "--from-cluster", required = true,
        description = "Read the Services and Ingresses (with --gateway, ExposedApps too) from the cluster of the "
            + "current kubeconfig (list only).")
    boolean fromCluster;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
        description = "With --from-cluster: this namespace (default: the kubeconfig's).")
    String namespace;

    @Option(names = {"-A", "--all-namespaces"}, description = "With --from-cluster: every namespace.")
    boolean allNamespaces;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
        description = "With --from-cluster: this kubeconfig instead of $KUBECONFIG or ~/.kube/config.")
    Path kubeconfig;
  }

  private final InputStream stdin;
  /** A file was not readable YAML: reported, skipped, and the import is incomplete. */
  private boolean unreadableFiles;

  public ImportCommand() {
    this(System.in);
  }

  ImportCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean fromCluster = cluster != null && cluster.fromCluster;
    if (fromCluster == !paths.isEmpty()) {
      err.println("import: give either PATHs or --from-cluster");
      return USAGE;
    }
    List<HasMetadata> objects;
    try {
      objects = fromCluster ? fromCluster() : fromFiles(err);
    } catch (RenderInputs.UnreadableInput | IOException | KubernetesClientException e) {
      err.println("import: " + RenderInputs.firstLine(e.getMessage()));
      return USAGE;
    }
    if (gatewayNamespace != null && !gateway) {
      err.println("import: --gateway-namespace needs --gateway");
      return USAGE;
    }
    Importer.Result result = gateway ? Importer.importWithGateways(objects, gatewayNamespace)
        : Importer.importFrom(objects);
    for (ExposedApp app : result.apps()) {
      out.print(Serialization.asYaml(app));
    }
    out.flush();
    result.notes().forEach(note -> err.println("import: " + note.text()));
    return result.complete() && !unreadableFiles ? OK : INCOMPLETE;
  }

  private List<HasMetadata> fromFiles(PrintWriter err) throws IOException, RenderInputs.UnreadableInput {
    RenderInputs.Read read = RenderInputs.read(paths, stdin);
    read.unreadable().forEach(message -> err.println("import: " + message));
    unreadableFiles = !read.unreadable().isEmpty();
    List<HasMetadata> objects = new ArrayList<>();
    for (Renderer.Document document : read.documents()) {
      RenderInputs.items(document.content()).forEach(item -> objects.add(object(item)));
    }
    return objects;
  }

  private static HasMetadata object(JsonNode node) {
    String kind = node.path("kind").asText("");
    return switch (kind) {
      case "Service" -> Serialization.unmarshal(node.toString(), Service.class);
      case "Ingress" -> Serialization.unmarshal(node.toString(), Ingress.class);
      case "ExposedApp" -> Serialization.unmarshal(node.toString(), ExposedApp.class);
      case "TargetGroupBinding" -> Serialization.unmarshal(node.toString(), TargetGroupBinding.class);
      default -> Serialization.unmarshal(node.toString(), GenericKubernetesResource.class);
    };
  }

  private List<HasMetadata> fromCluster() {
    Config config = cluster.kubeconfig == null ? Config.autoConfigure(null)
        : Config.fromKubeconfig(null, readKubeconfig(cluster.kubeconfig), cluster.kubeconfig.toString());
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      List<HasMetadata> objects = new ArrayList<>();
      if (cluster.allNamespaces) {
        objects.addAll(client.services().inAnyNamespace().list().getItems());
        objects.addAll(client.network().v1().ingresses().inAnyNamespace().list().getItems());
        if (TargetGroupBindingApi.discover(client)) {
          objects.addAll(client.resources(TargetGroupBinding.class).inAnyNamespace().list().getItems());
        }
        if (gateway) {
          objects.addAll(client.resources(ExposedApp.class).inAnyNamespace().list().getItems());
        }
      } else {
        String namespace = cluster.namespace != null ? cluster.namespace
            : client.getNamespace() != null ? client.getNamespace() : "default";
        objects.addAll(client.services().inNamespace(namespace).list().getItems());
        objects.addAll(client.network().v1().ingresses().inNamespace(namespace).list().getItems());
        if (TargetGroupBindingApi.discover(client)) {
          objects.addAll(client.resources(TargetGroupBinding.class).inNamespace(namespace).list().getItems());
        }
        if (gateway) {
          objects.addAll(client.resources(ExposedApp.class).inNamespace(namespace).list().getItems());
        }
      }
      return objects;
    }
  }

  private static String readKubeconfig(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new KubernetesClientException("cannot read " + file + ": " + e.getMessage());
    }
  }
}
