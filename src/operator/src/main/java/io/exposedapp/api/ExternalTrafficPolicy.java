package io.exposedapp.api;

/** Copied to the Service's {@code spec.externalTrafficPolicy}; constant names are the wire values. */
public enum ExternalTrafficPolicy {
  Cluster,
  Local
}
