/**
 * Gateway API's layer-4 routes on the AWS Load Balancer Controller's NLB Gateways ({@code spec.nlbGateway}): per
 * port a TCPRoute, UDPRoute or TLSRoute to the app's Service, attached to a listener of a shared NLB Gateway or of
 * the app's own ({@code <app>-nlb}, with its LoadBalancerConfiguration), in the newest route version the cluster
 * serves; their lint, plan, desired objects, dependents and readiness. The TargetGroupConfiguration (one per Service)
 * is shared with the ALB form in {@code io.exposedapp.gateway}.
 */
package io.exposedapp.gateway.l4;
