package io.exposedapp.allocation;

import java.util.ArrayList;
import java.util.List;

/**
 * Two sets of holdings read as one: the cluster's ports as the caches show them, and the few a plan adds (ports
 * planned but not yet seen, ports the API server refused). See {@link PortsInUse#plus}.
 */
final class LayeredPorts implements PortsInUse {

  private final PortsInUse base;
  private final PortsInUse top;

  LayeredPorts(PortsInUse base, PortsInUse top) {
    this.base = base;
    this.top = top;
  }

  @Override
  public List<Holder> holders(int port) {
    List<Holder> below = base.holders(port);
    List<Holder> above = top.holders(port);
    if (above.isEmpty()) {
      return below;
    }
    if (below.isEmpty()) {
      return above;
    }
    List<Holder> all = new ArrayList<>(below);
    above.stream().filter(h -> !below.contains(h)).forEach(all::add);
    all.sort(PortLedger.HOLDER_ORDER);
    return List.copyOf(all);
  }

  @Override
  public boolean isUsed(int port) {
    return base.isUsed(port) || top.isUsed(port);
  }

  @Override
  public int nextUnused(int from) {
    int port = from;
    while (true) {
      int free = top.nextUnused(base.nextUnused(port));
      if (free == port) {
        return free;
      }
      port = free;
    }
  }

  @Override
  public int nextUsed(int from) {
    int below = base.nextUsed(from);
    int above = top.nextUsed(from);
    if (below < 0) {
      return above;
    }
    return above < 0 ? below : Math.min(below, above);
  }
}
