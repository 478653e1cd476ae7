package io.exposedapp.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One Gateway of {@code spec.gateway.parentRefs}: a Gateway API ParentReference to a Gateway. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatewayParentRef(

    @JsonPropertyDescription("Name of the Gateway. Required.")
    @Required
    @Size(min = 1, max = 253)
    String name,

    @JsonPropertyDescription("Namespace of the Gateway. Optional; defaults to the ExposedApp's namespace. The "
        + "Gateway's listeners must allow routes from the app's namespace (allowedRoutes).")
    @Size(max = 63)
    @Pattern(PortSpec.DNS_1123_LABEL)
    String namespace,

    @JsonPropertyDescription("Name of one listener of the Gateway, e.g. https. Optional; every listener when absent.")
    @Size(max = 253)
    @Pattern(IngressRule.HOST)
    String sectionName) {

  /** The Gateway's namespace: as written, else the app's. */
  public String effectiveNamespace(String appNamespace) {
    return namespace == null || namespace.isEmpty() ? appNamespace : namespace;
  }
}
