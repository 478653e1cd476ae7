/**
 * The app's Service, beneath every way in: type NodePort, or with {@code spec.loadBalancer} type LoadBalancer of the
 * AWS Load Balancer Controller's NLB class, with the same nodePorts either way.
 */
package io.exposedapp.service;
