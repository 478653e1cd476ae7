package io.exposedapp.allocation;

import java.util.Objects;

/** The outcome for one {@link PortClaim}. */
public sealed interface Allocation {

  /**
   * The port gets this nodePort: a port of the range, or one the app already held that lies outside the current
   * range (kept, because moving a live nodePort breaks the ALB target group behind it).
   */
  record Assigned(int nodePort) implements Allocation {
  }

  /**
   * The explicitly requested nodePort is held by someone else. {@code holder} is that holder (a Service when one holds
   * it); for a port requested twice by the same app it is the app itself.
   */
  record Conflict(int nodePort, Holder holder) implements Allocation {
    public Conflict {
      Objects.requireNonNull(holder, "holder");
    }
  }

  /**
   * The explicitly requested nodePort lies outside where the app's ports come from (the operator's range, or its
   * pools), and the app does not hold it already.
   */
  record OutOfRange(int nodePort, PortSource source) implements Allocation {
    public OutOfRange {
      Objects.requireNonNull(source, "source");
    }
  }

  /** No port of the source is free. */
  record Exhausted(PortSource source) implements Allocation {
    public Exhausted {
      Objects.requireNonNull(source, "source");
    }
  }

  /** A new port would exceed the band's limit for the app's namespace; ports already held are not affected. */
  record QuotaExceeded(PortSource.Band band) implements Allocation {
    public QuotaExceeded {
      Objects.requireNonNull(band, "band");
    }
  }

  /**
   * No pool may give the app a new port (its {@code spec.pool} does not exist or does not serve its namespace, no
   * pool selects the namespace, or its pools are invalid): the port has none yet, or requests one it does not hold.
   */
  record NoPool(PortSource.Refusal refusal) implements Allocation {
    public NoPool {
      Objects.requireNonNull(refusal, "refusal");
    }
  }
}
