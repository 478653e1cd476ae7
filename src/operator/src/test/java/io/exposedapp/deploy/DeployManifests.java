package io.exposedapp.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The installation manifests in {@code deploy/} (relative to the module directory, Surefire's working directory), read
 * the way {@code kubectl apply -k deploy/} reads them: the files listed under {@code resources:} of
 * {@code kustomization.yaml}, with its {@code namespace:}. Parsed offline into fabric8's typed model.
 */
final class DeployManifests {

  static final Path DIR = Path.of("deploy");
  static final Path KUSTOMIZATION = DIR.resolve("kustomization.yaml");
  static final String APP_NAME = "exposedapp-operator";
  static final String NAME_LABEL = "app.kubernetes.io/name";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final JsonNode kustomization;
  private final List<Path> files;
  private final List<HasMetadata> resources;

  private DeployManifests(Path dir) {
    this.kustomization = tree(dir.resolve("kustomization.yaml"));
    this.files = new ArrayList<>();
    this.resources = new ArrayList<>();
    for (JsonNode entry : kustomization.path("resources")) {
      Path file = dir.resolve(entry.asText());
      files.add(file);
      resources.add(resource(file));
    }
  }

  static DeployManifests load() {
    return new DeployManifests(DIR);
  }

  static DeployManifests in(Path dir) {
    return new DeployManifests(dir);
  }

  /** The namespace every namespaced resource ends up in ({@code namespace:} of kustomization.yaml). */
  String namespace() {
    String namespace = kustomization.path("namespace").asText("");
    if (namespace.isEmpty()) {
      throw new IllegalStateException(KUSTOMIZATION + " sets no namespace:");
    }
    return namespace;
  }

  JsonNode kustomization() {
    return kustomization;
  }

  List<Path> files() {
    return List.copyOf(files);
  }

  List<HasMetadata> resources() {
    return List.copyOf(resources);
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return resources.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    if (found.size() != 1) {
      throw new IllegalStateException("expected exactly one " + type.getSimpleName() + " in " + DIR + ", found "
          + found.size());
    }
    return found.get(0);
  }

  <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
    return all(type).stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst();
  }

  Deployment deployment() {
    return one(Deployment.class);
  }

  Service metricsService() {
    return one(Service.class);
  }

  /** A fresh copy of the Deployment, for tests that mutate it. */
  Deployment deploymentCopy() {
    return load(files.get(resources.indexOf(deployment())), Deployment.class);
  }

  static HasMetadata resource(Path file) {
    HasMetadata resource = Serialization.unmarshal(read(file));
    if (resource == null) {
      throw new IllegalStateException(file + " holds no Kubernetes resource");
    }
    return resource;
  }

  static <T> T load(Path file, Class<T> type) {
    return Serialization.unmarshal(read(file), type);
  }

  static JsonNode tree(Path file) {
    try {
      return YAML.readTree(read(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
