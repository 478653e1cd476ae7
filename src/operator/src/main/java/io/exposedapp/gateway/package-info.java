/**
 * The Gateway API way in (issue 24): which of the APIs it needs the cluster serves ({@link
 * io.exposedapp.gateway.ServedGatewayApis}), what one reconcile may write ({@link io.exposedapp.gateway.GatewayPlan})
 * and what the AWS Load Balancer Controller has made of it ({@link io.exposedapp.gateway.GatewayObservation}).
 */
package io.exposedapp.gateway;
