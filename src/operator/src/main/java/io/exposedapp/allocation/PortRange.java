package io.exposedapp.allocation;

/**
 * An inclusive range of node ports, written like kube-apiserver's {@code --service-node-port-range} ("30000-32767").
 */
public record PortRange(int start, int end) {

  /** kube-apiserver's default {@code --service-node-port-range}. */
  public static final PortRange DEFAULT = new PortRange(30000, 32767);

  public static final int MIN_PORT = 1;
  public static final int MAX_PORT = 65535;

  // KEP-3668 band sizing: min(max(MIN, size / STEP), MAX); kube-apiserver's calculateRangeOffset.
  private static final int BAND_MIN = 16;
  private static final int BAND_MAX = 128;
  private static final int BAND_STEP = 32;

  public PortRange {
    requirePortNumber("start", start);
    requirePortNumber("end", end);
    if (start > end) {
      throw new IllegalArgumentException("port range start " + start + " is after its end " + end);
    }
  }

  private static void requirePortNumber(String which, int port) {
    if (port < MIN_PORT || port > MAX_PORT) {
      throw new IllegalArgumentException(
          "port range " + which + " " + port + " is not a port number (" + MIN_PORT + "-" + MAX_PORT + ")");
    }
  }

  /**
   * Parses "start-end", e.g. "30000-32767" (surrounding whitespace allowed). The error message quotes the input.
   *
   * @throws IllegalArgumentException if the text is not two port numbers joined by '-' or they do not form a range
   */
  public static PortRange parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("port range is missing: expected <start>-<end>, e.g. 30000-32767");
    }
    String trimmed = text.strip();
    int dash = trimmed.indexOf('-');
    // dash at 0 would be a negative start; a second dash is never valid
    if (dash <= 0 || dash != trimmed.lastIndexOf('-')) {
      throw badInput(text, "expected <start>-<end>, e.g. 30000-32767", null);
    }
    int start;
    int end;
    try {
      start = Integer.parseInt(trimmed.substring(0, dash).strip());
      end = Integer.parseInt(trimmed.substring(dash + 1).strip());
    } catch (NumberFormatException e) {
      throw badInput(text, "expected <start>-<end>, e.g. 30000-32767", e);
    }
    try {
      return new PortRange(start, end);
    } catch (IllegalArgumentException e) {
      throw badInput(text, e.getMessage(), e);
    }
  }

  private static IllegalArgumentException badInput(String text, String why, Exception cause) {
    return new IllegalArgumentException("invalid port range \"" + text + "\": " + why, cause);
  }

  /** Number of ports in the range, both ends included. */
  public int size() {
    return end - start + 1;
  }

  public boolean contains(int port) {
    return port >= start && port <= end;
  }

  /**
   * Size of the KEP-3668 static band at the bottom of the range: {@code min(max(16, size/32), 128)}, and 0 for a
   * range of 16 ports or fewer (kube-apiserver then has no band: the offset must stay smaller than the range).
   */
  public int staticBandSize() {
    int size = size();
    if (size <= BAND_MIN) {
      return 0;
    }
    return Math.min(Math.max(BAND_MIN, size / BAND_STEP), BAND_MAX);
  }

  /**
   * Last port of the KEP-3668 static band, inclusive: 30085 for 30000-32767 (86 ports). kube-apiserver hands out
   * ports without an explicit request from above the band first, so explicit ports placed in the band rarely collide.
   * Returns {@code start - 1} (an empty band) when {@link #staticBandSize()} is 0.
   */
  public int staticBandEnd() {
    return start + staticBandSize() - 1;
  }

  @Override
  public String toString() {
    return start + "-" + end;
  }
}
