/**
 * The cluster's used nodePorts as the operator's caches show them, kept as the informers change the caches instead of
 * rebuilt for each plan ({@link io.exposedapp.ledger.ClusterPorts}), and the cache stores that feed it ({@link
 * io.exposedapp.ledger.PortFeedingStore}).
 */
package io.exposedapp.ledger;
