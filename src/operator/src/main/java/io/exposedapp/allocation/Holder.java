package io.exposedapp.allocation;

import java.util.Objects;

/**
 * Something that holds a node port: a Service (any Service in the cluster, including an app's own) or an ExposedApp
 * (the ports recorded in its status). {@link #toString()} is used verbatim in user-facing condition messages.
 */
public record Holder(String kind, String namespace, String name) {

  public static final String SERVICE = "Service";
  public static final String EXPOSED_APP = "ExposedApp";

  public Holder {
    Objects.requireNonNull(kind, "kind");
    if (!kind.equals(SERVICE) && !kind.equals(EXPOSED_APP)) {
      throw new IllegalArgumentException("holder kind must be " + SERVICE + " or " + EXPOSED_APP + ", not " + kind);
    }
    requireNotBlank("namespace", namespace);
    requireNotBlank("name", name);
  }

  private static void requireNotBlank(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("holder " + field + " must not be blank");
    }
  }

  public static Holder service(String namespace, String name) {
    return new Holder(SERVICE, namespace, name);
  }

  public static Holder exposedApp(String namespace, String name) {
    return new Holder(EXPOSED_APP, namespace, name);
  }

  public boolean isService() {
    return kind.equals(SERVICE);
  }

  /** "Service ns/name" or "ExposedApp ns/name". */
  @Override
  public String toString() {
    return kind + " " + namespace + "/" + name;
  }
}
