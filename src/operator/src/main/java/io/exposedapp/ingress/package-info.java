/**
 * The ALB Ingress for the AWS Load Balancer Controller in instance mode (LBC's {@code pkg/ingress}): the desired
 * Ingress and its annotations, the dependent and its condition, the lint of the ingress section and the IngressReady
 * condition. Plan, allocation and status assembly stay beneath.
 */
package io.exposedapp.ingress;
