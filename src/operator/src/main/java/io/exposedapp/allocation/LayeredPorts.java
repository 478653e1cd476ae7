package io.exposedapp.allocation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ObjIntConsumer;

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

  /** The base's count, plus the few ports only the top holds: no pass over the range. */
  @Override
  public int usedCount(PortRange range) {
    int[] onlyOnTop = {0};
    top.forEachUsed(range, (holders, port) -> {
      if (!base.isUsed(port)) {
        onlyOnTop[0]++;
      }
    });
    return base.usedCount(range) + onlyOnTop[0];
  }

  /** The base's walk (no copies), with the top's few ports merged in, in ascending order. */
  @Override
  public void forEachUsed(PortRange range, ObjIntConsumer<List<Holder>> action) {
    List<Integer> onlyOnTop = new ArrayList<>();
    top.forEachUsed(range, (holders, port) -> {
      if (!base.isUsed(port)) {
        onlyOnTop.add(port);
      }
    });
    int[] next = {0};
    base.forEachUsed(range, (holders, port) -> {
      for (; next[0] < onlyOnTop.size() && onlyOnTop.get(next[0]) < port; next[0]++) {
        action.accept(top.holders(onlyOnTop.get(next[0])), onlyOnTop.get(next[0]));
      }
      action.accept(top.isUsed(port) ? holders(port) : holders, port);
    });
    for (; next[0] < onlyOnTop.size(); next[0]++) {
      action.accept(top.holders(onlyOnTop.get(next[0])), onlyOnTop.get(next[0]));
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
