package io.exposedapp.gateway.l4;

import io.exposedapp.api.ExposedApp;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The activation conditions of the route dependents: their kind is served and their version is the newest served.
 * Read from what the reconciler discovered ({@link ServedL4Routes}), the same for every app, so each informer starts
 * once and never stops; never an API call of its own.
 */
public abstract class L4RouteServed implements Condition<Object, ExposedApp> {

  private final L4RouteKind kind;
  private final String version;

  L4RouteServed(L4RouteKind kind, String version) {
    this.kind = kind;
    this.version = version;
  }

  @Override
  public boolean isMet(DependentResource<Object, ExposedApp> dependentResource, ExposedApp app,
      Context<ExposedApp> context) {
    return context.managedWorkflowAndDependentResourceContext()
        .get(ServedL4Routes.CONTEXT_KEY, ServedL4Routes.class).orElse(ServedL4Routes.NONE)
        .version(kind).filter(version::equals).isPresent();
  }

  public static class TcpV1 extends L4RouteServed {
    public TcpV1() {
      super(L4RouteKind.TCP, "v1");
    }
  }

  public static class TcpV1alpha2 extends L4RouteServed {
    public TcpV1alpha2() {
      super(L4RouteKind.TCP, "v1alpha2");
    }
  }

  public static class UdpV1 extends L4RouteServed {
    public UdpV1() {
      super(L4RouteKind.UDP, "v1");
    }
  }

  public static class UdpV1alpha2 extends L4RouteServed {
    public UdpV1alpha2() {
      super(L4RouteKind.UDP, "v1alpha2");
    }
  }

  public static class TlsV1 extends L4RouteServed {
    public TlsV1() {
      super(L4RouteKind.TLS, "v1");
    }
  }

  public static class TlsV1alpha2 extends L4RouteServed {
    public TlsV1alpha2() {
      super(L4RouteKind.TLS, "v1alpha2");
    }
  }
}
