package io.exposedapp.allocation;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where an app's new nodePorts may come from: bands drawn from in order, each with the ports it may still give to the
 * app's namespace. The operator's whole range is one band without a limit; NodePortPools are one band each. No band at
 * all, with the {@link Refusal} that says why, when no pool may give the app a port (ports it holds are kept).
 *
 * @param bands the bands, drawn from in order; empty exactly when {@code refusal} is set
 * @param refusal why there is no band (for the app's PortsAllocated condition), or null
 */
public record PortSource(List<Band> bands, Refusal refusal) {

  /** Why an app may draw no new port; {@code reason} is its PortsAllocated condition's reason. */
  public record Refusal(String reason, String message) {
    public Refusal {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

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
    if (bands.isEmpty() == (refusal == null)) {
      throw new IllegalArgumentException("a port source has bands or a refusal, not both or neither");
    }
  }

  public PortSource(List<Band> bands) {
    this(bands, null);
  }

  /** The operator's range, as before pools: one band, no limit. */
  public static PortSource of(PortRange range) {
    return new PortSource(List.of(new Band("", List.of(range), null, 0)));
  }

  /** No new port for the app, for this reason. */
  public static PortSource refused(String reason, String message) {
    return new PortSource(List.of(), new Refusal(reason, message));
  }

  /** The operator's whole range (no NodePortPool exists), as opposed to pools or a refusal. */
  public boolean isOperatorRange() {
    return bands.size() == 1 && bands.get(0).name().isEmpty();
  }

  /**
   * Where the app's new ports come from, for messages: "the operator's range 30000-32767", or "the NodePortPools the
   * app may use: NodePortPool a (30100-30199)".
   */
  public String describe() {
    return isOperatorRange() ? "the operator's range " + this : "the NodePortPools the app may use: " + this;
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
