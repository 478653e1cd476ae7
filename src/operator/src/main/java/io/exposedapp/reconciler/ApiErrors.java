package io.exposedapp.reconciler;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Reads what the API server said when it refused a write. */
final class ApiErrors {

  /** The cause message of kube-apiserver's nodePort allocator: {@code Invalid value: 30080: provided port ...}. */
  private static final Pattern ALREADY_ALLOCATED =
      Pattern.compile("Invalid value: (\\d+): provided port is already allocated");

  private ApiErrors() {
  }

  /** The nodePort of a 422 "provided port is already allocated", anywhere in the cause chain. */
  static OptionalInt refusedNodePort(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() == 422 && k.getStatus() != null) {
        Status status = k.getStatus();
        if (status.getDetails() != null) {
          for (StatusCause cause : status.getDetails().getCauses()) {
            OptionalInt port = match(cause.getMessage());
            if (port.isPresent()) {
              return port;
            }
          }
        }
        return match(status.getMessage());
      }
    }
    return OptionalInt.empty();
  }

  private static OptionalInt match(String message) {
    if (message == null) {
      return OptionalInt.empty();
    }
    Matcher m = ALREADY_ALLOCATED.matcher(message);
    return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }

  /** One line for a condition message: the API server's own message when there is one. */
  static String describe(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k) {
        return k.getStatus() != null && k.getStatus().getMessage() != null
            ? "HTTP " + k.getCode() + ": " + k.getStatus().getMessage()
            : "HTTP " + k.getCode() + ": " + k.getMessage();
      }
    }
    return String.valueOf(error.getMessage());
  }
}
