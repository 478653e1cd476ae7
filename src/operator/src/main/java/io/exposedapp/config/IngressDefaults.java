package io.exposedapp.config;

import io.exposedapp.api.AlbScheme;

/**
 * What an ExposedApp's ingress section gets when it does not say: the IngressClass and the ALB scheme.
 *
 * @param className {@code spec.ingressClassName} of the Ingress ({@code EXPOSEDAPP_DEFAULT_INGRESS_CLASS})
 * @param scheme {@code alb.ingress.kubernetes.io/scheme} ({@code EXPOSEDAPP_DEFAULT_SCHEME})
 */
public record IngressDefaults(String className, AlbScheme scheme) {

  public static final IngressDefaults AWS = new IngressDefaults("alb", AlbScheme.INTERNAL);
}
