package io.exposedapp.gateway.l4;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteStatus;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Gateway API's TCPRoute, UDPRoute and TLSRoute, as far as the operator writes and reads them: one shape for the three
 * kinds and for both versions it writes, {@code v1} (Gateway API v1.6 on) and {@code v1alpha2} (every experimental
 * channel before; still served by v1.6). fabric8's model has {@code v1alpha2} only. One class per kind and version
 * below, because JOSDK's dependents and informers are typed by class.
 */
public abstract class L4Route extends CustomResource<L4Route.Spec, RouteStatus> implements Namespaced {

  public static final String GROUP = "gateway.networking.k8s.io";

  /**
   * {@code spec}: the listeners it attaches to, the TLSRoute's host names, and one rule.
   *
   * @param hostnames a TLSRoute's only (SNI names the listener must accept)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Spec(List<ParentReference> parentRefs, List<String> hostnames, List<Rule> rules) {
  }

  /** {@code spec.rules[]}: where the traffic goes. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Rule(List<BackendRef> backendRefs) {
  }

  @Group(GROUP)
  @Version("v1")
  @Kind("TCPRoute")
  @Plural("tcproutes")
  public static class TcpV1 extends L4Route {
  }

  @Group(GROUP)
  @Version("v1alpha2")
  @Kind("TCPRoute")
  @Plural("tcproutes")
  public static class TcpV1alpha2 extends L4Route {
  }

  @Group(GROUP)
  @Version("v1")
  @Kind("UDPRoute")
  @Plural("udproutes")
  public static class UdpV1 extends L4Route {
  }

  @Group(GROUP)
  @Version("v1alpha2")
  @Kind("UDPRoute")
  @Plural("udproutes")
  public static class UdpV1alpha2 extends L4Route {
  }

  @Group(GROUP)
  @Version("v1")
  @Kind("TLSRoute")
  @Plural("tlsroutes")
  public static class TlsV1 extends L4Route {
  }

  @Group(GROUP)
  @Version("v1alpha2")
  @Kind("TLSRoute")
  @Plural("tlsroutes")
  public static class TlsV1alpha2 extends L4Route {
  }
}
