package io.exposedapp.plan;

import java.util.Optional;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.meta.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;

/**
 * Whose an existing Service or Ingress of a name the app wants is: the app's own (controlled by it, or its own object
 * orphaned), free to adopt ({@code spec.adopt: true} and no controller), or taken, and by whom.
 */
public sealed interface Ownership {

  /** The app controls it, or may take it back or over: it is written as the app's own. */
  record Own(boolean adopting) implements Ownership {
  }

  /**
   * Another's, left untouched.
   *
   * @param object e.g. {@code Service shop/web}
   * @param controller the controlling owner, e.g. {@code Deployment legacy}; empty when nothing controls it
   */
  record Taken(String object, Optional<String> controller) implements Ownership {

    /** For conditions and {@code render}: whose it is, and what the user can do. */
    public String describe(String alternative) {
      return controller.map(c -> object + " already exists and is controlled by " + c + "; it is left untouched. "
              + alternative)
          .orElse(object + " already exists and is not owned by this ExposedApp; it is left untouched. Set "
              + "spec.adopt: true to take it over as it is (its nodePorts stay), or " + uncapitalize(alternative));
    }

    private static String uncapitalize(String text) {
      return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
  }

  /** Free to adopt: the app takes it over with its next write. */
  default boolean isAdopting() {
    return this instanceof Own own && own.adopting();
  }

  /** The ownership of {@code object}, which has a name {@code app} wants; {@code what} is e.g. "Service". */
  public static Ownership of(HasMetadata object, ExposedApp app, String what) {
    Optional<OwnerReference> controller = Optional.ofNullable(object.getMetadata().getOwnerReferences())
        .flatMap(owners -> owners.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst());
    if (controller.isPresent() && controller.get().getUid() != null
        && controller.get().getUid().equals(app.getMetadata().getUid())) {
      return new Own(false);
    }
    if (Labels.isOrphanedOf(object, app)) {
      return new Own(false);
    }
    if (controller.isEmpty() && app.getSpec() != null && app.getSpec().adopts()) {
      return new Own(true);
    }
    return new Taken(what + " " + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName(),
        controller.map(r -> r.getKind() + " " + r.getName()));
  }
}
