package io.exposedapp.ingress;

import static io.exposedapp.lbc.AnnotationFormats.isBlank;
import static io.exposedapp.lbc.AnnotationFormats.stringList;
import static io.exposedapp.lbc.AnnotationFormats.stringMap;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.exposedapp.api.AlbScheme;
import io.exposedapp.api.HealthCheck;
import io.exposedapp.api.IngressSpec;
import io.exposedapp.config.IngressDefaults;

/**
 * The {@code alb.ingress.kubernetes.io/*} annotations of an app's Ingress, in the AWS Load Balancer Controller's
 * documented formats (docs/guide/ingress/annotations.md): integers and booleans as strings, string lists as
 * {@code a,b}, string maps as {@code k=v,k2=v2}, listen-ports as JSON.
 *
 * <p>No value is ever the empty string: an unset field, a blank string or an empty list writes no annotation at
 * all. On Kubernetes before 1.25 server-side apply never settles on an empty annotation value (every apply bumps
 * resourceVersion), and to the controller an empty value is a value, not "use the default".
 *
 * <p>One table ({@link #SOURCES}) both writes the annotations and tells {@link #setByField} which keys a field owns,
 * so the lint cannot drift from what is written.
 */
public final class AlbAnnotations {

  public static final String PREFIX = "alb.ingress.kubernetes.io/";
  public static final String TARGET_TYPE = PREFIX + "target-type";
  public static final String SCHEME = PREFIX + "scheme";
  public static final String LISTEN_PORTS = PREFIX + "listen-ports";
  public static final String CERTIFICATE_ARN = PREFIX + "certificate-arn";
  public static final String SSL_REDIRECT = PREFIX + "ssl-redirect";
  public static final String GROUP_NAME = PREFIX + "group.name";
  public static final String GROUP_ORDER = PREFIX + "group.order";
  public static final String HEALTHCHECK_PATH = PREFIX + "healthcheck-path";
  public static final String HEALTHCHECK_PORT = PREFIX + "healthcheck-port";
  public static final String HEALTHCHECK_PROTOCOL = PREFIX + "healthcheck-protocol";
  public static final String HEALTHCHECK_INTERVAL_SECONDS = PREFIX + "healthcheck-interval-seconds";
  public static final String HEALTHCHECK_TIMEOUT_SECONDS = PREFIX + "healthcheck-timeout-seconds";
  public static final String HEALTHY_THRESHOLD_COUNT = PREFIX + "healthy-threshold-count";
  public static final String UNHEALTHY_THRESHOLD_COUNT = PREFIX + "unhealthy-threshold-count";
  public static final String SUCCESS_CODES = PREFIX + "success-codes";
  public static final String INBOUND_CIDRS = PREFIX + "inbound-cidrs";
  public static final String SUBNETS = PREFIX + "subnets";
  public static final String SECURITY_GROUPS = PREFIX + "security-groups";
  public static final String TAGS = PREFIX + "tags";
  public static final String LOAD_BALANCER_NAME = PREFIX + "load-balancer-name";

  /**
   * The legacy class annotation: the API server refuses an Ingress that has it next to {@code spec.ingressClassName}
   * ("can not be set when the class field is also set"), and the operator always writes that field.
   */
  public static final String INGRESS_CLASS = "kubernetes.io/ingress.class";

  /** Instance mode (ALB -> node:nodePort) is what the product is; nothing may change it. */
  public static final String INSTANCE = "instance";

  static final String HTTP_ONLY = "[{\"HTTP\": 80}]";
  static final String HTTP_AND_HTTPS = "[{\"HTTP\": 80}, {\"HTTPS\": 443}]";

  /**
   * One annotation a structured field writes.
   *
   * @param key the annotation
   * @param field the spec field path that sets it, for messages
   * @param always the operator writes it for every Ingress (a constant, a default, or a value the listeners depend
   *     on), so a user annotation for it is refused even when the field is unset
   * @param value its value for an ingress section and the operator's defaults (defaults may be null); null or blank
   *     when not written
   */
  private record Source(String key, String field, boolean always,
      BiFunction<IngressSpec, IngressDefaults, String> value) {
  }

  private static final List<Source> SOURCES = List.of(
      new Source(TARGET_TYPE, null, true, (i, d) -> INSTANCE),
      new Source(SCHEME, "spec.ingress.scheme", true, AlbAnnotations::scheme),
      // the listeners, the certificates and the redirect only make sense together (the redirect port must be a
      // listen port), so all three follow the structured fields, set or not
      new Source(LISTEN_PORTS, "spec.ingress.certificateArns", true,
          (i, d) -> hasCertificates(i) ? HTTP_AND_HTTPS : HTTP_ONLY),
      new Source(CERTIFICATE_ARN, "spec.ingress.certificateArns", true, (i, d) -> stringList(i.certificateArns())),
      new Source(SSL_REDIRECT, "spec.ingress.sslRedirect", true,
          (i, d) -> Boolean.TRUE.equals(i.sslRedirect()) && hasCertificates(i) ? "443" : null),
      new Source(GROUP_NAME, "spec.ingress.groupName", false, (i, d) -> i.groupName()),
      new Source(GROUP_ORDER, "spec.ingress.groupOrder", false, (i, d) -> string(i.groupOrder())),
      healthCheck(HEALTHCHECK_PATH, "path", HealthCheck::path),
      healthCheck(HEALTHCHECK_PORT, "port", HealthCheck::port),
      healthCheck(HEALTHCHECK_PROTOCOL, "protocol", h -> h.protocol() == null ? null : h.protocol().name()),
      healthCheck(HEALTHCHECK_INTERVAL_SECONDS, "intervalSeconds", h -> string(h.intervalSeconds())),
      healthCheck(HEALTHCHECK_TIMEOUT_SECONDS, "timeoutSeconds", h -> string(h.timeoutSeconds())),
      healthCheck(HEALTHY_THRESHOLD_COUNT, "healthyThreshold", h -> string(h.healthyThreshold())),
      healthCheck(UNHEALTHY_THRESHOLD_COUNT, "unhealthyThreshold", h -> string(h.unhealthyThreshold())),
      healthCheck(SUCCESS_CODES, "successCodes", HealthCheck::successCodes),
      new Source(INBOUND_CIDRS, "spec.ingress.inboundCidrs", false, (i, d) -> stringList(i.inboundCidrs())),
      new Source(SUBNETS, "spec.ingress.subnets", false, (i, d) -> stringList(i.subnets())),
      new Source(SECURITY_GROUPS, "spec.ingress.securityGroups", false, (i, d) -> stringList(i.securityGroups())),
      new Source(TAGS, "spec.ingress.tags", false, (i, d) -> stringMap(i.tags())),
      new Source(LOAD_BALANCER_NAME, "spec.ingress.loadBalancerName", false, (i, d) -> i.loadBalancerName()));

  private AlbAnnotations() {
  }

  /**
   * The Ingress's annotations: the structured fields (or the defaults), then the user's {@code annotations}. A
   * user annotation never replaces one the fields wrote (so target-type stays instance even for an app the lint
   * has not seen); the lint reports such an entry, and the Ingress is not written while it is there.
   */
  public static SortedMap<String, String> of(IngressSpec ingress, IngressDefaults defaults) {
    SortedMap<String, String> annotations = new TreeMap<>();
    for (Source source : SOURCES) {
      String value = source.value().apply(ingress, defaults);
      if (!isBlank(value)) {
        annotations.put(source.key(), value);
      }
    }
    if (ingress.annotations() != null) {
      ingress.annotations().forEach((key, value) -> {
        if (!isBlank(key) && !isBlank(value)) {
          annotations.putIfAbsent(key, value);
        }
      });
    }
    return annotations;
  }

  /**
   * The spec field that owns an annotation key in this ingress section, if any: the operator always writes the key,
   * or the field that writes it is set. Empty for {@link #TARGET_TYPE}, which no field sets (it is a constant).
   */
  public static Optional<String> setByField(String key, IngressSpec ingress) {
    return SOURCES.stream()
        .filter(s -> s.key().equals(key) && s.field() != null)
        .filter(s -> s.always() || !isBlank(s.value().apply(ingress, null)))
        .map(Source::field)
        .findFirst();
  }

  private static Source healthCheck(String key, String field, Function<HealthCheck, String> value) {
    return new Source(key, "spec.ingress.healthCheck." + field, false,
        (i, d) -> i.healthCheck() == null ? null : value.apply(i.healthCheck()));
  }

  /** An HTTPS listener needs a certificate: at least one non-blank ARN. */
  private static boolean hasCertificates(IngressSpec ingress) {
    return !isBlank(stringList(ingress.certificateArns()));
  }

  private static String scheme(IngressSpec ingress, IngressDefaults defaults) {
    AlbScheme scheme = ingress.scheme() != null ? ingress.scheme() : defaults == null ? null : defaults.scheme();
    return scheme == null ? null : scheme.value();
  }

  private static String string(Integer value) {
    return value == null ? null : value.toString();
  }
}
