package io.exposedapp.lbc;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The status the AWS Load Balancer Controller writes on a TargetGroupConfiguration or a LoadBalancerConfiguration
 * (the same two fields on both, in {@code v1beta1} and {@code v1}). The operator never writes it: it is modelled so
 * that the derived CRDs have it, as the published ones do.
 *
 * @param observedGatewayClassConfigurationGeneration the generation of the configuration the GatewayClass last used
 * @param observedGatewayConfigurationGeneration the generation of the configuration the Gateway last used
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConfigurationStatus(Long observedGatewayClassConfigurationGeneration,
    Long observedGatewayConfigurationGeneration) {
}
