/**
 * A small typed model of the AWS Load Balancer Controller's {@code gateway.k8s.aws} kinds the operator writes,
 * TargetGroupConfiguration and LoadBalancerConfiguration, with only the fields it sets. LBC serves them as
 * {@code v1beta1} (v2.13 to v3.4) and as {@code v1} with {@code v1beta1} deprecated (v3.5 on), with the same schema:
 * one spec class, a resource class per version.
 */
package io.exposedapp.lbc;
