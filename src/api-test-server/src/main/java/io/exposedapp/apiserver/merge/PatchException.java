package io.exposedapp.apiserver.merge;

/**
 * A patch or applied configuration that cannot be applied; the message is meant for the body of a
 * 422 (or 400) response.
 */
public class PatchException extends RuntimeException {
  public PatchException(String message) {
    super(message);
  }
}
