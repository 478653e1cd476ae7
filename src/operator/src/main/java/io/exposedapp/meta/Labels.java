package io.exposedapp.meta;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import io.exposedapp.api.ExposedApp;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/**
 * The metadata every object the operator writes for an ExposedApp carries: the {@code app.kubernetes.io/*} labels and
 * the controller reference that makes Kubernetes' garbage collector delete it with the app.
 */
public final class Labels {

  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** The value of {@link #MANAGED_BY} on what this operator writes. */
  public static final String OPERATOR = "exposedapp-operator";

  private Labels() {
  }

  /** Labels of the app's {@code component} object ("service", "ingress"). */
  public static Map<String, String> of(ExposedApp app, String component) {
    // sorted, so that what is written (and the golden files) does not depend on hash order
    Map<String, String> labels = new TreeMap<>();
    labels.put(NAME, app.getMetadata().getName());
    labels.put(INSTANCE, app.getMetadata().getName());
    labels.put(COMPONENT, component);
    labels.put(MANAGED_BY, OPERATOR);
    return Collections.unmodifiableMap(labels);
  }

  /**
   * The controller ownerReference to the app. Written by the operator itself rather than by JOSDK, so that it is
   * part of the (pure, golden-tested) desired state of every dependent alike.
   */
  public static OwnerReference controllerReference(ExposedApp app) {
    return new OwnerReferenceBuilder()
        .withApiVersion(app.getApiVersion())
        .withKind(app.getKind())
        .withName(app.getMetadata().getName())
        .withUid(app.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /**
   * A Service or Ingress the operator wrote for this app whose controller reference someone removed: labelled as
   * ours for this app and controlled by nothing. The operator takes it back (its next apply restores the reference)
   * rather than reporting its own object as a foreign one.
   */
  public static boolean isOrphanedOf(HasMetadata object, ExposedApp app) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels != null && OPERATOR.equals(labels.get(MANAGED_BY))
        && app.getMetadata().getName().equals(labels.get(INSTANCE))
        && object.getMetadata().getOwnerReferences().stream().noneMatch(r -> Boolean.TRUE.equals(r.getController()));
  }
}
