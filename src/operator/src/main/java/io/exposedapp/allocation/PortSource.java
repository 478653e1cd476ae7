package io.exposedapp.allocation;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where an app's new nodePorts may come from: bands drawn from in order, each with the ports it may still give to the
 * app's namespace. The operator's whole range is one band without a limit; NodePortPools (issue 16, in progress) are
 * one band each.
 */
public record PortSource(List<Band> bands) {

  /**
   * One band.
   *
   * @param name what messages call it, e.g. {@code NodePortPool team-a}; empty for the operator's range
   * @param ranges its ranges, ascending, not overlapping
   * @param limit how many of its ports one namespace may hold; null for no limit
   * @param held how many of its ports the app's namespace holds now
   */
  public record Band(String name, List<PortRange> ranges, Integer limit, int held) {

    public Band {
      Objects.requireNonNull(name, "name");
      ranges = List.copyOf(ranges);
      if (ranges.isEmpty()) {
        throw new IllegalArgumentException("a band has at least one range");
      }
    }

    public boolean contains(int port) {
      return ranges.stream().anyMatch(r -> r.contains(port));
    }

    /** New ports the band may still give the namespace. */
    public int newPortsAllowed() {
      return limit == null ? Integer.MAX_VALUE : Math.max(0, limit - held);
    }

    @Override
    public String toString() {
      String joined = ranges.stream().map(PortRange::toString).collect(Collectors.joining(","));
      return name.isEmpty() ? joined : name + " (" + joined + ")";
    }
  }

  public PortSource {
    bands = List.copyOf(bands);
    if (bands.isEmpty()) {
      throw new IllegalArgumentException("a port source has at least one band");
    }
  }

  /** The operator's range, as before pools: one band, no limit. */
  public static PortSource of(PortRange range) {
    return new PortSource(List.of(new Band("", List.of(range), null, 0)));
  }

  public boolean contains(int port) {
    return bands.stream().anyMatch(b -> b.contains(port));
  }

  /** "30000-32767", or the bands joined with "; ". */
  @Override
  public String toString() {
    return bands.stream().map(Band::toString).collect(Collectors.joining("; "));
  }
}
