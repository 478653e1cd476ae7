package io.exposedapp.allocation;

import java.util.Objects;

/**
 * What one port of one app asks for and what is known about it. Any of the three ports may be null; 0 is read as
 * null, because 0 means "unset" for {@code nodePort} in the Kubernetes API.
 *
 * @param portName the port's name in the app's spec; the key of the allocation result, so unique within one app
 * @param requested {@code spec.ports[].nodePort}: an explicit request from the user
 * @param recorded the port the app's status recorded for this port name
 * @param observed the nodePort the app's own Service has now for this port name (survives a lost status)
 */
public record PortClaim(String portName, Integer requested, Integer recorded, Integer observed) {

  public PortClaim {
    Objects.requireNonNull(portName, "portName");
    requested = unsetIfZero(requested);
    recorded = unsetIfZero(recorded);
    observed = unsetIfZero(observed);
  }

  private static Integer unsetIfZero(Integer port) {
    return port != null && port == 0 ? null : port;
  }

  /** A port that lets the operator pick its nodePort. */
  public static PortClaim automatic(String portName) {
    return new PortClaim(portName, null, null, null);
  }

  /** A port whose nodePort the user chose. */
  public static PortClaim explicit(String portName, int requested) {
    return new PortClaim(portName, requested, null, null);
  }

  public PortClaim withRecorded(Integer port) {
    return new PortClaim(portName, requested, port, observed);
  }

  public PortClaim withObserved(Integer port) {
    return new PortClaim(portName, requested, recorded, port);
  }
}
