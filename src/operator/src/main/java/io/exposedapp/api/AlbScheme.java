package io.exposedapp.api;

import com.fasterxml.jackson.annotation.JsonValue;

/** {@code alb.ingress.kubernetes.io/scheme}. */
public enum AlbScheme {
  INTERNET_FACING("internet-facing"),
  INTERNAL("internal");

  private final String value;

  AlbScheme(String value) {
    this.value = value;
  }

  @JsonValue
  public String value() {
    return value;
  }
}
