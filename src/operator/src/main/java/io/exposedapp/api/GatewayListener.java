package io.exposedapp.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** One listener of an app's own Gateway ({@code spec.gateway.listeners}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatewayListener(

    @JsonPropertyDescription("HTTP or HTTPS (HTTPS needs certificateArns). Required.")
    @Required
    Protocol protocol,

    @JsonPropertyDescription("Port the ALB listens on, 1..65535. Required.")
    @Required
    @Min(1)
    @Max(65535)
    int port) {

  /** The listener's name on the Gateway, e.g. {@code https-443}: what a parentRef's sectionName names. */
  public String listenerName() {
    return protocol.name().toLowerCase(java.util.Locale.ROOT) + "-" + port;
  }

  /** Listener protocols of an ALB. */
  public enum Protocol {
    HTTP, HTTPS
  }
}
