/**
 * NodePort allocation for ExposedApp Services: the operator writes explicit {@code nodePort} values, so it needs its
 * own view of which ports are used ({@link io.exposedapp.allocation.PortLedger}) and one deterministic rule for picking
 * them ({@link io.exposedapp.allocation.NodePortAllocator}). Pure code: no Kubernetes client, no clock, no I/O.
 */
package io.exposedapp.allocation;
