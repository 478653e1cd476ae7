package io.exposedapp.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LayeredPortsTest {

  private final PortLedger cached = new PortLedger();
  private final PortLedger pending = new PortLedger();
  private final PortsInUse both = cached.plus(pending);

  @Test
  void theLowestUnusedPortSkipsWhatEitherLayerHolds() {
    cached.hold(30000, Holder.service("a", "s"));
    pending.hold(30001, Holder.exposedApp("a", "x"));
    cached.hold(30002, Holder.service("a", "t"));

    assertThat(both.nextUnused(30000)).isEqualTo(30003);
    assertThat(both.nextUnused(30004)).isEqualTo(30004);
  }

  @Test
  void holdersOfBothLayersAreMergedOnceServicesFirst() {
    cached.hold(30000, Holder.exposedApp("a", "x"));
    pending.hold(30000, Holder.exposedApp("a", "x"));
    pending.hold(30000, Holder.service("z", "s"));

    assertThat(both.holders(30000)).containsExactly(Holder.service("z", "s"), Holder.exposedApp("a", "x"));
    assertThat(both.isFreeFor(30000, h -> h.equals(Holder.exposedApp("a", "x")))).isFalse();
  }

  @Test
  void countsAndWalksTheUnionOfUsedPorts() {
    cached.hold(30000, Holder.service("a", "s"));
    cached.hold(30005, Holder.service("a", "s"));
    pending.hold(30005, Holder.exposedApp("a", "x"));
    pending.hold(30009, Holder.exposedApp("a", "x"));
    pending.hold(30020, Holder.exposedApp("a", "x"));
    List<Integer> walked = new ArrayList<>();

    pending.hold(30001, Holder.exposedApp("a", "x"));
    List<List<Holder>> holders = new ArrayList<>();

    both.forEachUsed(new PortRange(30000, 30010), (h, port) -> {
      walked.add(port);
      holders.add(h);
    });

    assertThat(walked).as("ascending, each once").containsExactly(30000, 30001, 30005, 30009);
    assertThat(holders.get(2)).containsExactly(Holder.service("a", "s"), Holder.exposedApp("a", "x"));
    assertThat(both.usedCount(new PortRange(30000, 30010))).isEqualTo(4);
  }
}
