/**
 * The Gateway API way in (LBC's {@code pkg/gateway}): which of the APIs it needs the cluster serves ({@link
 * io.exposedapp.gateway.ServedGatewayApis}), what one reconcile may write ({@link io.exposedapp.gateway.GatewayPlan}),
 * the dependents and desired state of the HTTPRoute, TargetGroupConfiguration, Gateway and LoadBalancerConfiguration,
 * the lint of the gateway section, and what the AWS Load Balancer Controller has made of them ({@link
 * io.exposedapp.gateway.GatewayObservation}, {@link io.exposedapp.gateway.GatewayReadiness}).
 */
package io.exposedapp.gateway;
