/**
 * An NLB of the app's own through the AWS Load Balancer Controller (LBC's {@code pkg/service}): the app's Service as
 * type LoadBalancer of class {@code service.k8s.aws/nlb} in instance mode, its annotations, the lint of the
 * {@code loadBalancer} section and the readiness of the NLB. Plan, allocation and status assembly stay beneath.
 */
package io.exposedapp.nlb;
