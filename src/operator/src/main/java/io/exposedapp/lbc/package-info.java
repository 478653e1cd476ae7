/**
 * A small typed model of the AWS Load Balancer Controller's kinds the operator writes, with only the fields it sets:
 * the {@code gateway.k8s.aws} TargetGroupConfiguration and LoadBalancerConfiguration (served as {@code v1beta1} by
 * v2.13 to v3.4 and as {@code v1} with {@code v1beta1} deprecated from v3.5, with the same schema: one spec class, a
 * resource class per version) and the {@code elbv2.k8s.aws/v1beta1} TargetGroupBinding; and its annotation value
 * formats ({@link io.exposedapp.lbc.AnnotationFormats}).
 */
package io.exposedapp.lbc;
