package io.exposedapp.config;

/**
 * The operator's settings, environment variables that are public API: each with the fallback the operator parses
 * when it is unset, how the docs state that default, and what it means. {@link OperatorConfig} parses them; the
 * configuration page of the docs is generated from this list (a test fails when they differ).
 */
public enum Setting {
  NODE_PORT_RANGE("EXPOSEDAPP_NODE_PORT_RANGE", "30000-32767", "`30000-32767`",
      "Range the operator allocates new nodePorts from, `start-end`. Must lie within the cluster's "
      + "`--service-node-port-range`. Changing it never moves an allocated port: ports outside the new range "
      + "stay with their apps (see [Changing the range](nodeports.md#changing-the-range))."),
  DEFAULT_INGRESS_CLASS("EXPOSEDAPP_DEFAULT_INGRESS_CLASS", "alb", "`alb`",
      "`spec.ingressClassName` of Ingresses whose `spec.ingress.className` is unset."),
  DEFAULT_SCHEME("EXPOSEDAPP_DEFAULT_SCHEME", "internal", "`internal`",
      "ALB and NLB scheme (`internet-facing` or `internal`) when `spec.ingress.scheme`, "
      + "`spec.gateway.scheme`, `spec.loadBalancer.scheme` or `spec.nlbGateway.scheme` is unset; `internal` "
      + "like the controller, so going public is explicit."),
  DEFAULT_GATEWAY_CLASS("EXPOSEDAPP_DEFAULT_GATEWAY_CLASS", "alb", "`alb`",
      "gatewayClassName of an app's own Gateway when `spec.gateway.className` is unset; a GatewayClass "
      + "whose controllerName is `gateway.k8s.aws/alb`."),
  DEFAULT_NLB_GATEWAY_CLASS("EXPOSEDAPP_DEFAULT_NLB_GATEWAY_CLASS", "nlb", "`nlb`",
      "gatewayClassName of an app's own NLB Gateway when `spec.nlbGateway.className` is unset; a "
      + "GatewayClass whose controllerName is `gateway.k8s.aws/nlb`."),
  WATCH_NAMESPACES("EXPOSEDAPP_WATCH_NAMESPACES", "", "*(all)*",
      "Comma-separated namespaces whose ExposedApps are reconciled. Services are always watched in all "
      + "namespaces, because nodePorts are cluster-wide."),
  LEADER_ELECTION("EXPOSEDAPP_LEADER_ELECTION", "false", "`false`",
      "`true`: replicas compete for a Lease and only the holder reconciles; a replica that loses it exits "
      + "(and is restarted). `deploy/` sets `true`."),
  LEASE_NAME("EXPOSEDAPP_LEASE_NAME", "exposedapp-operator", "`exposedapp-operator`",
      "The Lease of leader election."),
  LEASE_NAMESPACE("EXPOSEDAPP_LEASE_NAMESPACE", null, "`$POD_NAMESPACE`, else `default`",
      "Where the Lease lives (the Role in `deploy/` grants leases only in the operator's namespace)."),
  LEASE_DURATION("EXPOSEDAPP_LEASE_DURATION", "6s", "`6s`",
      "How long a Lease that is not renewed keeps a standby waiting: after a leader dies, a standby leads within "
      + "this time (plus up to 2.2 retry periods). A duration such as `6s` or `1500ms`, longer than the renew "
      + "deadline. See [Leader election timings](operations.md#leader-election-timings)."),
  LEASE_RENEW_DEADLINE("EXPOSEDAPP_LEASE_RENEW_DEADLINE", "4s", "`4s`",
      "How long the leader keeps trying to renew its Lease before it gives up leading and exits; shorter than "
      + "the Lease duration, longer than 1.2 retry periods."),
  LEASE_RETRY_PERIOD("EXPOSEDAPP_LEASE_RETRY_PERIOD", "1s", "`1s`",
      "How often the leader renews the Lease, and how often a standby tries to take it (the standby's tries are "
      + "spread up to 2.2 times this)."),
  POD_NAME("POD_NAME", null, "`$HOSTNAME`",
      "Downward API: the leader identity."),
  POD_NAMESPACE("POD_NAMESPACE", null, "-",
      "Downward API: the default lease namespace."),
  HEALTH_PORT("EXPOSEDAPP_HEALTH_PORT", "8081", "`8081`",
      "`GET /livez` (process up) and `GET /readyz` (informers synced and healthy; a standby replica is "
      + "ready too). `0` disables."),
  METRICS_PORT("EXPOSEDAPP_METRICS_PORT", "8080", "`8080`",
      "`GET /metrics` in the Prometheus format: JOSDK's Micrometer metrics (`operator_sdk_*`) and the "
      + "operator's (`exposedapp_nodeports_used`, `exposedapp_nodeports_free`, "
      + "`exposedapp_nodeports_range_size`, `exposedapp_nodeports_outside_range`, "
      + "`exposedapp_nodeport_conflicts_total`, per NodePortPool "
      + "`exposedapp_pool_nodeports_size|used|free{pool}`, `exposedapp_apps_waiting`, "
      + "`exposedapp_ledger_checks_total` and `exposedapp_ledger_repaired_holders_total` (the one-minute "
      + "comparison of the ledger of ports in use with the caches, "
      + "[Running behaviour](install.md#running-behaviour)), `exposedapp_leader` (1 on the "
      + "replica that reconciles), `exposedapp_reconciles_total{outcome=ready|waiting|invalid|failed}`), and "
      + "the JVM's (`jvm_memory_used_bytes`, `jvm_gc_pause_seconds`, `jvm_threads_*`, `process_cpu_usage`). "
      + "`0` disables."),
  LOG_LEVEL("LOG_LEVEL", "INFO", "`INFO`",
      "Root log level (logback)."),
  LOG_FORMAT("LOG_FORMAT", "text", "`text`",
      "`text`, or `json` for one JSON object per line with JOSDK's MDC keys (`resource.namespace`, "
      + "`resource.name`, ...).");

  private final String variable;
  private final String fallback;
  private final String documentedDefault;
  private final String meaning;

  Setting(String variable, String fallback, String documentedDefault, String meaning) {
    this.variable = variable;
    this.fallback = fallback;
    this.documentedDefault = documentedDefault;
    this.meaning = meaning;
  }

  /** The environment variable. */
  public String variable() {
    return variable;
  }

  /** What the operator parses when the variable is unset; null when the default is derived (see the docs). */
  public String fallback() {
    return fallback;
  }

  /** The default as the docs state it (Markdown). */
  public String documentedDefault() {
    return documentedDefault;
  }

  /** What it does (Markdown). */
  public String meaning() {
    return meaning;
  }
}
