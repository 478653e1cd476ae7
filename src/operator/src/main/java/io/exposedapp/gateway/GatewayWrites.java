package io.exposedapp.gateway;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.exposedapp.plan.Ownership;

/**
 * What the gateway dependents found while applying one reconcile's plan: objects of the app's name that are not
 * the app's, which they left alone. Filled by the dependents (concurrently), read by the reconciler afterwards.
 */
public final class GatewayWrites {

  /** The key under which it travels between the reconciler and the dependents. */
  public static final String CONTEXT_KEY = "exposedapp.gatewayWrites";

  private final ConcurrentLinkedQueue<Ownership.Taken> taken = new ConcurrentLinkedQueue<>();

  public void taken(Ownership.Taken object) {
    taken.add(object);
  }

  /** Objects of the app's name that another owns, in the order they were found. */
  public List<Ownership.Taken> taken() {
    return List.copyOf(taken);
  }
}
