package io.exposedapp.reconciler;

import java.util.Collection;
import java.util.Set;

import io.exposedapp.api.ExposedApp;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.EventHandler;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;

/**
 * Wakes the apps waiting for a port when another app's recorded ports change or the app is gone: it may have freed
 * one. Fed by the ExposedApp informer's own store, which sees every such change (the Service event that usually
 * follows may come before the app's own deletion). It replaces a second informer of every ExposedApp, which cost a
 * list and a watch of every app, and the deserialization of every app event twice (docs/BENCHMARKS.md).
 */
final class PortsReleased extends AbstractEventSource<Void, ExposedApp> {

  PortsReleased() {
    super(Void.class, ExposedAppReconciler.PEERS);
  }

  /** Asks for a reconcile of each of these apps; before the controller has registered, there is none waiting. */
  void wake(Collection<ResourceID> waiting) {
    EventHandler handler = getEventHandler();
    if (handler != null) {
      waiting.forEach(app -> handler.handleEvent(new Event(app)));
    }
  }

  @Override
  public Set<Void> getSecondaryResources(ExposedApp primary) {
    return Set.of();
  }
}
