package io.exposedapp.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * One entry of {@code spec.nlbGateway.routes}: one port of the app behind one NLB Gateway listener, through a
 * TCPRoute (a TCP port), a UDPRoute (a UDP port) or a TLSRoute (a TCP port with {@code tls}) named
 * {@code <app>-<port>}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.parentRef) || has(self.parentRef.sectionName)",
    message = "parentRef needs sectionName: the listener of the shared NLB Gateway this port is routed from")
@ValidationRule(value = "!has(self.parentRef) || !has(self.listenerPort)",
    message = "listenerPort is the port of a listener of the app's own NLB Gateway; with parentRef the shared "
        + "Gateway's listener decides it")
public record NlbGatewayRoute(

    @JsonPropertyDescription("Name of the spec.ports entry routed (a TCP or UDP port). Required; each port at most "
        + "once.")
    @Required
    @Size(max = 63)
    @Pattern(PortSpec.DNS_1123_LABEL)
    String port,

    @JsonPropertyDescription("The listener of a shared NLB Gateway (GatewayClass of controllerName "
        + "gateway.k8s.aws/nlb) this port is routed from: name, namespace (default: the app's) and sectionName (the "
        + "listener's name, required; a TCP listener for a TCP port, UDP for UDP, TLS with tls). Optional; when "
        + "absent the port gets a listener of the app's own NLB Gateway, <app>-nlb.")
    GatewayParentRef parentRef,

    @JsonPropertyDescription("Own NLB Gateway only: the port its listener for this route listens on, 1..65535. "
        + "Optional; defaults to the Service port.")
    @Min(1)
    @Max(65535)
    Integer listenerPort,

    @JsonPropertyDescription("The listener terminates TLS and the route is a TLSRoute (a TCP port only). On the "
        + "app's own NLB Gateway the listener is TLS with spec.nlbGateway.certificateArns; on a shared one, "
        + "sectionName must name a TLS listener. The NLB forwards plain TCP to the nodePort. Optional.")
    Tls tls) {

  /** {@code routes[].tls}: the TLSRoute's host names. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Tls(

      @JsonPropertyDescription("Host names of the TLSRoute (Gateway API requires at least one), e.g. "
          + "db.example.com or *.example.com: the listener must accept them; the NLB does not route by SNI. "
          + "Required, 1..16.")
      @Required
      @Size(min = 1, max = 16)
      List<@Size(max = 253) @Pattern(IngressRule.HOST) String> hostnames) {

    public Tls {
      hostnames = hostnames == null ? null : Collections.unmodifiableList(new ArrayList<>(hostnames));
    }
  }

  /** Routed from a listener of the app's own NLB Gateway. */
  public boolean onOwnGateway() {
    return parentRef == null;
  }
}
