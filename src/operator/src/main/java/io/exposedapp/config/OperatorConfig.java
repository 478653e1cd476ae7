package io.exposedapp.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.exposedapp.allocation.PortRange;
import io.exposedapp.api.AlbScheme;

/**
 * The operator's configuration, parsed once at startup from environment variables ({@link Setting}, the public API
 * documented in docs/configuration.md) and immutable afterwards. Invalid values fail startup with a message naming
 * the variable.
 *
 * @param nodePortRange where nodePorts are allocated; must match (or lie within) the cluster's
 *        {@code --service-node-port-range}
 * @param watchedNamespaces namespaces whose ExposedApps are reconciled; empty means all
 * @param ingress what an ingress section gets when it does not set class or scheme (a gateway section: scheme)
 * @param gatewayClass the gatewayClassName of an app's own Gateway when its gateway section sets none
 * @param nlbGatewayClass the gatewayClassName of an app's own NLB Gateway when its nlbGateway section sets none
 * @param leaderElection the Lease the replicas compete for; empty when every replica reconciles (a single replica)
 * @param healthPort port of {@code /livez} and {@code /readyz}; 0 disables the endpoint
 * @param metricsPort port of the Prometheus {@code /metrics}; 0 disables the endpoint
 * @param logFormat {@code text} or {@code json} (the logback configuration reads {@code LOG_FORMAT} itself; parsed
 *        here so that a wrong value fails startup)
 */
public record OperatorConfig(
    PortRange nodePortRange,
    Set<String> watchedNamespaces,
    IngressDefaults ingress,
    String gatewayClass,
    String nlbGatewayClass,
    Optional<LeaderElection> leaderElection,
    int healthPort,
    int metricsPort,
    LogFormat logFormat) {

  public static final String NODE_PORT_RANGE = Setting.NODE_PORT_RANGE.variable();
  public static final String WATCH_NAMESPACES = Setting.WATCH_NAMESPACES.variable();
  public static final String DEFAULT_INGRESS_CLASS = Setting.DEFAULT_INGRESS_CLASS.variable();
  public static final String DEFAULT_SCHEME = Setting.DEFAULT_SCHEME.variable();
  public static final String DEFAULT_GATEWAY_CLASS = Setting.DEFAULT_GATEWAY_CLASS.variable();
  public static final String DEFAULT_NLB_GATEWAY_CLASS = Setting.DEFAULT_NLB_GATEWAY_CLASS.variable();
  public static final String LEADER_ELECTION = Setting.LEADER_ELECTION.variable();
  public static final String LEASE_NAME = Setting.LEASE_NAME.variable();
  public static final String LEASE_NAMESPACE = Setting.LEASE_NAMESPACE.variable();
  public static final String LEASE_DURATION = Setting.LEASE_DURATION.variable();
  public static final String LEASE_RENEW_DEADLINE = Setting.LEASE_RENEW_DEADLINE.variable();
  public static final String LEASE_RETRY_PERIOD = Setting.LEASE_RETRY_PERIOD.variable();
  public static final String HEALTH_PORT = Setting.HEALTH_PORT.variable();
  public static final String METRICS_PORT = Setting.METRICS_PORT.variable();
  public static final String LOG_FORMAT = Setting.LOG_FORMAT.variable();
  /** Downward API: the pod's namespace (the default lease namespace) and name (the leader identity). */
  public static final String POD_NAMESPACE = Setting.POD_NAMESPACE.variable();
  public static final String POD_NAME = Setting.POD_NAME.variable();

  public static final String DEFAULT_NODE_PORT_RANGE = Setting.NODE_PORT_RANGE.fallback();
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,6})(ms|s)");
  public static final String DEFAULT_LEASE_NAME = Setting.LEASE_NAME.fallback();

  /**
   * The Lease of leader election.
   *
   * @param exitOnLoss end the process when the lease is lost, so that a replica that is no longer leader stops
   *        reconciling at once (JOSDK's behaviour, always on in production; tests that run several replicas in one
   *        JVM turn it off)
   */
  public record LeaderElection(String leaseName, String leaseNamespace, String identity, boolean exitOnLoss,
      LeaseTimings timings) {

    /** With the default timings. */
    public LeaderElection(String leaseName, String leaseNamespace, String identity, boolean exitOnLoss) {
      this(leaseName, leaseNamespace, identity, exitOnLoss, LeaseTimings.DEFAULTS);
    }
  }

  /**
   * How leader election uses its Lease, with client-go's constraints: the duration is longer than the renew
   * deadline (a leader that could not renew stops before a standby may lead), and the deadline longer than the
   * standby's longest wait between tries (1.2 retry periods of jitter on top of one).
   *
   * @param duration how long an unrenewed Lease keeps a standby out
   * @param renewDeadline how long the leader tries to renew before it gives up leading
   * @param retryPeriod how often the leader renews and a standby tries to acquire
   */
  public record LeaseTimings(Duration duration, Duration renewDeadline, Duration retryPeriod) {

    public static final LeaseTimings DEFAULTS = new LeaseTimings(
        OperatorConfig.duration(Setting.LEASE_DURATION.fallback()),
        OperatorConfig.duration(Setting.LEASE_RENEW_DEADLINE.fallback()),
        OperatorConfig.duration(Setting.LEASE_RETRY_PERIOD.fallback()));

    public LeaseTimings {
      if (duration.compareTo(renewDeadline) <= 0) {
        throw new IllegalArgumentException(LEASE_DURATION + " (" + text(duration) + ") must be longer than "
            + LEASE_RENEW_DEADLINE + " (" + text(renewDeadline) + ")");
      }
      if (renewDeadline.toMillis() <= retryPeriod.toMillis() * 1.2) {
        throw new IllegalArgumentException(LEASE_RENEW_DEADLINE + " (" + text(renewDeadline) + ") must be longer "
            + "than 1.2 times " + LEASE_RETRY_PERIOD + " (" + text(retryPeriod) + ")");
      }
    }

    private static String text(Duration d) {
      return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
  }

  /** Log line formats. */
  public enum LogFormat {
    TEXT, JSON
  }

  public OperatorConfig {
    watchedNamespaces = Set.copyOf(watchedNamespaces);
  }

  public static OperatorConfig defaults() {
    return fromEnvironment(Map.of());
  }

  /** Parses the configuration; throws {@link IllegalArgumentException} naming the variable at fault. */
  public static OperatorConfig fromEnvironment(Map<String, String> env) {
    PortRange range = parse(env, NODE_PORT_RANGE, DEFAULT_NODE_PORT_RANGE, PortRange::parse);
    Set<String> namespaces = Arrays.stream(env.getOrDefault(WATCH_NAMESPACES, "").split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
    String className = parse(env, DEFAULT_INGRESS_CLASS, Setting.DEFAULT_INGRESS_CLASS.fallback(),
        OperatorConfig::nonEmpty);
    AlbScheme scheme = parse(env, DEFAULT_SCHEME, Setting.DEFAULT_SCHEME.fallback(), v -> Arrays
        .stream(AlbScheme.values()).filter(s -> s.value().equals(v)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("must be internet-facing or internal")));
    String gatewayClass = parse(env, DEFAULT_GATEWAY_CLASS, Setting.DEFAULT_GATEWAY_CLASS.fallback(),
        OperatorConfig::nonEmpty);
    String nlbGatewayClass = parse(env, DEFAULT_NLB_GATEWAY_CLASS, Setting.DEFAULT_NLB_GATEWAY_CLASS.fallback(),
        OperatorConfig::nonEmpty);
    boolean elect = parse(env, LEADER_ELECTION, Setting.LEADER_ELECTION.fallback(), OperatorConfig::bool);
    LeaseTimings timings = new LeaseTimings(
        parse(env, LEASE_DURATION, Setting.LEASE_DURATION.fallback(), OperatorConfig::duration),
        parse(env, LEASE_RENEW_DEADLINE, Setting.LEASE_RENEW_DEADLINE.fallback(), OperatorConfig::duration),
        parse(env, LEASE_RETRY_PERIOD, Setting.LEASE_RETRY_PERIOD.fallback(), OperatorConfig::duration));
    Optional<LeaderElection> leaderElection = elect
        ? Optional.of(new LeaderElection(
            parse(env, LEASE_NAME, DEFAULT_LEASE_NAME, OperatorConfig::nonEmpty),
            parse(env, LEASE_NAMESPACE, env.getOrDefault(POD_NAMESPACE, "default"), OperatorConfig::nonEmpty),
            env.getOrDefault(POD_NAME, hostname()), true, timings))
        : Optional.empty();
    int healthPort = parse(env, HEALTH_PORT, Setting.HEALTH_PORT.fallback(), OperatorConfig::port);
    int metricsPort = parse(env, METRICS_PORT, Setting.METRICS_PORT.fallback(), OperatorConfig::port);
    LogFormat logFormat = parse(env, LOG_FORMAT, Setting.LOG_FORMAT.fallback(), v -> switch (v) {
      case "text" -> LogFormat.TEXT;
      case "json" -> LogFormat.JSON;
      default -> throw new IllegalArgumentException("must be text or json");
    });
    return new OperatorConfig(range, namespaces, new IngressDefaults(className, scheme), gatewayClass,
        nlbGatewayClass, leaderElection, healthPort, metricsPort, logFormat);
  }

  public boolean watchesAllNamespaces() {
    return watchedNamespaces.isEmpty();
  }

  /** This configuration with other health and metrics ports (tests use free ports). */
  public OperatorConfig withPorts(int health, int metrics) {
    return new OperatorConfig(nodePortRange, watchedNamespaces, ingress, gatewayClass, nlbGatewayClass, leaderElection,
        health, metrics, logFormat);
  }

  /** This configuration with leader election on another identity (tests run several replicas in one JVM). */
  public OperatorConfig withLeaderElection(LeaderElection election) {
    return new OperatorConfig(nodePortRange, watchedNamespaces, ingress, gatewayClass, nlbGatewayClass,
        Optional.of(election),
        healthPort, metricsPort, logFormat);
  }

  private static <T> T parse(Map<String, String> env, String variable, String fallback, Function<String, T> parser) {
    String raw = env.getOrDefault(variable, fallback);
    try {
      return parser.apply(raw.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(variable + "=" + raw + ": " + e.getMessage(), e);
    }
  }

  private static String nonEmpty(String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("must not be empty");
    }
    return value;
  }

  private static boolean bool(String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    };
  }

  /** {@code 6s} or {@code 1500ms}: a positive whole number of seconds or milliseconds. */
  static Duration duration(String value) {
    Matcher m = DURATION.matcher(value);
    long amount = m.matches() ? Long.parseLong(m.group(1)) : 0;
    if (amount == 0) {
      throw new IllegalArgumentException("must be a positive duration such as 6s or 1500ms");
    }
    return m.group(2).equals("s") ? Duration.ofSeconds(amount) : Duration.ofMillis(amount);
  }

  private static int port(String value) {
    int port;
    try {
      port = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a port number (0 disables)");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("must be a port number (0 disables)");
    }
    return port;
  }

  private static String hostname() {
    String host = System.getenv("HOSTNAME");
    return host == null || host.isEmpty() ? "exposedapp-operator-" + ProcessHandle.current().pid() : host;
  }
}
