package io.exposedapp.cache;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.exposedapp.api.ExposedApp;
import io.exposedapp.api.ExposedAppStatus;

/**
 * The store of the ExposedApp informer: no managedFields (nothing reads an app's: its status is applied whole), no
 * {@code kubectl.kubernetes.io/last-applied-configuration} (a copy of the whole app as the user last applied it,
 * which only kubectl reads), and what apps repeat shared ({@link Compaction}). An app's status equal to the one the
 * operator last decided for it (almost always: the operator writes it) is that very object, not a second copy.
 */
public final class ExposedAppStore extends ManagedFieldsTrimmingStore<ExposedApp> {

  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private final Function<ExposedApp, Optional<ExposedAppStatus>> decided;

  /** @param decided the status the operator last decided for an app, if it remembers one */
  public ExposedAppStore(Function<ExposedApp, Optional<ExposedAppStatus>> decided) {
    super(Set.of());
    this.decided = decided;
  }

  @Override
  public ExposedApp put(String key, ExposedApp app) {
    if (app.getMetadata().getAnnotations() != null) {
      app.getMetadata().getAnnotations().remove(LAST_APPLIED);
    }
    Compaction.app(app);
    if (app.getStatus() != null) {
      decided.apply(app).filter(app.getStatus()::equals).ifPresent(app::setStatus);
    }
    return super.put(key, app);
  }
}
