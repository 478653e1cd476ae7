package io.exposedapp.gateway.l4;

import java.util.List;

/** The three layer-4 route kinds, each with its classes, newest version first. */
public enum L4RouteKind {
  TCP("TCPRoute", "tcproutes", List.of(L4Route.TcpV1.class, L4Route.TcpV1alpha2.class)),
  UDP("UDPRoute", "udproutes", List.of(L4Route.UdpV1.class, L4Route.UdpV1alpha2.class)),
  TLS("TLSRoute", "tlsroutes", List.of(L4Route.TlsV1.class, L4Route.TlsV1alpha2.class));

  /** The versions the operator writes, newest first. */
  public static final List<String> VERSIONS = List.of("v1", "v1alpha2");

  private final String kind;
  private final String plural;
  private final List<Class<? extends L4Route>> types;

  L4RouteKind(String kind, String plural, List<Class<? extends L4Route>> types) {
    this.kind = kind;
    this.plural = plural;
    this.types = types;
  }

  public String kind() {
    return kind;
  }

  public String plural() {
    return plural;
  }

  /** The class of this kind in {@code version} (one of {@link #VERSIONS}). */
  public Class<? extends L4Route> type(String version) {
    return types.get(VERSIONS.indexOf(version));
  }
}
