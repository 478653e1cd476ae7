package io.exposedapp.api;

/** Transport protocol of a port; the values are exactly those a Kubernetes Service port accepts. */
public enum Protocol {
  TCP,
  UDP,
  SCTP
}
