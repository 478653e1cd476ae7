package io.exposedapp.render;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.exposedapp.api.NodePortPool;
import io.exposedapp.api.NodePortPoolSpec;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Reading render's inputs: YAML files, folders of them, or stdin, each possibly multi-document. */
public final class RenderInputs {

  /** A file that is not readable YAML; render reports it and goes on with the others. */
  public static final class UnreadableInput extends Exception {
    public UnreadableInput(String message) {
      super(message);
    }
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private RenderInputs() {
  }

  /** What {@link #read} found: the documents, and the files that are not readable YAML (messages). */
  public record Read(List<Renderer.Document> documents, List<String> unreadable) {
  }

  /**
   * The documents of these paths, in order: files, folders of {@code .yaml}/{@code .yml} files, {@code -} for stdin.
   * A file that is not readable YAML is reported in {@link Read#unreadable()} and skipped.
   *
   * @throws UnreadableInput for a path that does not exist, or stdin that is not readable YAML (usage errors)
   */
  public static Read read(List<String> paths, InputStream stdin) throws UnreadableInput, IOException {
    List<Renderer.Document> documents = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (String path : paths) {
      if (path.equals("-")) {
        documents.addAll(documents("<stdin>", stdin));
        continue;
      }
      Path p = Path.of(path);
      if (!Files.exists(p)) {
        throw new UnreadableInput(path + ": no such file or folder");
      }
      for (Path file : files(p)) {
        try (InputStream in = Files.newInputStream(file)) {
          documents.addAll(documents(file.toString(), in));
        } catch (UnreadableInput e) {
          unreadable.add(e.getMessage());
        }
      }
    }
    return new Read(documents, unreadable);
  }

  /** The objects of a document: the items of a List ({@code kubectl get -o yaml}), else the document itself. */
  public static List<JsonNode> items(JsonNode content) {
    List<JsonNode> items = new ArrayList<>();
    if (content.has("items")) {
      content.get("items").forEach(items::add);
    } else {
      items.add(content);
    }
    return items;
  }

  /** The {@code .yaml}/{@code .yml} files a path stands for: the file itself, or a folder's files in name order. */
  public static List<Path> files(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> list = Files.list(path)) {
      return list.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
    }
  }

  /** The non-empty documents of one YAML stream. */
  public static List<Renderer.Document> documents(String source, InputStream in) throws UnreadableInput {
    List<Renderer.Document> documents = new ArrayList<>();
    try (JsonParser parser = YAML.getFactory().createParser(in);
        MappingIterator<JsonNode> values = YAML.readValues(parser, JsonNode.class)) {
      int index = 0;
      while (values.hasNextValue()) {
        JsonNode node = values.nextValue();
        index++;
        if (node != null && !node.isNull() && !node.isMissingNode() && !(node.isObject() && node.isEmpty())) {
          documents.add(new Renderer.Document(source, index, node));
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new UnreadableInput(source + ": not valid YAML: " + firstLine(e.getMessage()));
    }
    return documents;
  }

  /** What is already in the cluster, as render reads it. */
  public record Existing(List<Service> services, List<Ingress> ingresses) {
    public static final Existing NONE = new Existing(List.of(), List.of());
  }

  /**
   * Services and Ingresses from {@code kubectl get svc,ingress -A -o yaml} (a List) or from plain documents; other
   * kinds are skipped.
   */
  public static Existing existing(Path file) throws UnreadableInput {
    List<Service> services = new ArrayList<>();
    List<Ingress> ingresses = new ArrayList<>();
    forEachItem(file, "Services and Ingresses", item -> {
      String kind = item.path("kind").asText("Service");
      if (kind.equals("Service")) {
        services.add(Serialization.unmarshal(item.toString(), Service.class));
      } else if (kind.equals("Ingress")) {
        ingresses.add(Serialization.unmarshal(item.toString(), Ingress.class));
      }
    });
    return new Existing(services, ingresses);
  }

  /** NodePortPools by name in the order read (an earlier pool wins an overlap), and namespaces' labels. */
  public record PoolInputs(Map<String, NodePortPoolSpec> pools, Map<String, Map<String, String>> namespaceLabels) {
    public static final PoolInputs NONE = new PoolInputs(Map.of(), Map.of());
  }

  /**
   * NodePortPools and Namespaces (for the labels pools select by), e.g. from {@code kubectl get
   * nodeportpools,namespaces -o yaml}; other kinds are skipped.
   */
  public static PoolInputs pools(Path file) throws UnreadableInput {
    Map<String, NodePortPoolSpec> pools = new LinkedHashMap<>();
    Map<String, Map<String, String>> labels = new LinkedHashMap<>();
    forEachItem(file, "NodePortPools and Namespaces", item -> {
      String kind = item.path("kind").asText("");
      if (kind.equals("NodePortPool")) {
        NodePortPool pool = Serialization.unmarshal(item.toString(), NodePortPool.class);
        if (pool.getSpec() != null) {
          pools.put(pool.getMetadata().getName(), pool.getSpec());
        }
      } else if (kind.equals("Namespace")) {
        Namespace namespace = Serialization.unmarshal(item.toString(), Namespace.class);
        labels.put(namespace.getMetadata().getName(), namespace.getMetadata().getLabels() == null ? Map.of()
            : namespace.getMetadata().getLabels());
      }
    });
    return new PoolInputs(pools, labels);
  }

  /**
   * Every object of a file of documents or kubectl Lists, in order; what cannot be read makes the file unreadable,
   * named with what it should have held.
   */
  private static void forEachItem(Path file, String expected, java.util.function.Consumer<JsonNode> action)
      throws UnreadableInput {
    try (InputStream in = Files.newInputStream(file)) {
      for (Renderer.Document doc : documents(file.toString(), in)) {
        items(doc.content()).forEach(action);
      }
    } catch (IOException e) {
      throw new UnreadableInput(file + ": " + e.getMessage());
    } catch (RuntimeException e) {
      throw new UnreadableInput(file + ": not a list of " + expected + ": " + firstLine(e.getMessage()));
    }
  }

  public static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
