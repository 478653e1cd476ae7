package io.exposedapp.nlb;

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
import io.exposedapp.api.LoadBalancerHealthCheck;
import io.exposedapp.api.LoadBalancerSpec;

/**
 * The {@code service.beta.kubernetes.io/aws-load-balancer-*} annotations of an app's LoadBalancer Service, in the AWS
 * Load Balancer Controller's documented formats (docs/guide/service/annotations.md): lists as {@code a,b}, maps as
 * {@code k=v,k2=v2} sorted by key, numbers as strings; an unset field writes nothing (never an empty value).
 *
 * <p>One table ({@link #SOURCES}) writes the annotations and tells {@link #setByField} which keys a field owns, so
 * the lint cannot drift from what is written.
 */
public final class NlbAnnotations {

  public static final String PREFIX = "service.beta.kubernetes.io/aws-load-balancer-";
  /** The class LBC's service controller manages: the cloud's own controller leaves such a Service alone. */
  public static final String NLB_CLASS = "service.k8s.aws/nlb";
  public static final String TARGET_TYPE = PREFIX + "nlb-target-type";
  public static final String SCHEME = PREFIX + "scheme";
  public static final String SUBNETS = PREFIX + "subnets";
  public static final String EIP_ALLOCATIONS = PREFIX + "eip-allocations";
  public static final String PRIVATE_IPV4_ADDRESSES = PREFIX + "private-ipv4-addresses";
  public static final String IP_ADDRESS_TYPE = PREFIX + "ip-address-type";
  public static final String SECURITY_GROUPS = PREFIX + "security-groups";
  public static final String TAGS = PREFIX + "additional-resource-tags";
  public static final String SSL_CERT = PREFIX + "ssl-cert";
  public static final String SSL_PORTS = PREFIX + "ssl-ports";
  public static final String HEALTHCHECK_PROTOCOL = PREFIX + "healthcheck-protocol";
  public static final String HEALTHCHECK_PATH = PREFIX + "healthcheck-path";
  public static final String HEALTHCHECK_PORT = PREFIX + "healthcheck-port";
  public static final String HEALTHCHECK_INTERVAL = PREFIX + "healthcheck-interval";
  public static final String HEALTHCHECK_TIMEOUT = PREFIX + "healthcheck-timeout";
  public static final String HEALTHCHECK_HEALTHY_THRESHOLD = PREFIX + "healthcheck-healthy-threshold";
  public static final String HEALTHCHECK_UNHEALTHY_THRESHOLD = PREFIX + "healthcheck-unhealthy-threshold";
  public static final String HEALTHCHECK_SUCCESS_CODES = PREFIX + "healthcheck-success-codes";
  public static final String TARGET_GROUP_ATTRIBUTES = PREFIX + "target-group-attributes";
  public static final String ATTRIBUTES = PREFIX + "attributes";
  public static final String TARGET_NODE_LABELS = PREFIX + "target-node-labels";
  /** The legacy way to hand a Service to LBC; the operator uses the class instead, which a user cannot undo. */
  public static final String TYPE = PREFIX + "type";

  /** Instance mode (NLB -> node:nodePort) is what the product is; nothing may change it. */
  public static final String INSTANCE = "instance";

  /**
   * One annotation a structured field writes.
   *
   * @param key the annotation
   * @param field the spec field that sets it, for messages; null for a constant no field sets
   * @param always written for every NLB (a constant or a default): a user annotation for it is refused even when
   *     the field is unset
   * @param value its value for a loadBalancer section and the default scheme; null or blank when not written
   */
  private record Source(String key, String field, boolean always,
      BiFunction<LoadBalancerSpec, AlbScheme, String> value) {
  }

  private static final String AT = "spec.loadBalancer.";

  private static final List<Source> SOURCES = List.of(
      new Source(TARGET_TYPE, null, true, (l, d) -> INSTANCE),
      new Source(SCHEME, AT + "scheme", true, (l, d) -> (l.scheme() != null ? l.scheme() : d).value()),
      new Source(SUBNETS, AT + "subnets", false, (l, d) -> stringList(l.subnets())),
      new Source(EIP_ALLOCATIONS, AT + "eipAllocations", false, (l, d) -> stringList(l.eipAllocations())),
      new Source(PRIVATE_IPV4_ADDRESSES, AT + "privateIpv4Addresses", false,
          (l, d) -> stringList(l.privateIpv4Addresses())),
      new Source(IP_ADDRESS_TYPE, AT + "ipAddressType", false,
          (l, d) -> l.ipAddressType() == null ? null : l.ipAddressType().name()),
      new Source(SECURITY_GROUPS, AT + "securityGroups", false, (l, d) -> stringList(l.securityGroups())),
      new Source(TAGS, AT + "tags", false, (l, d) -> stringMap(l.tags())),
      new Source(SSL_CERT, AT + "tls.certificateArns", false,
          (l, d) -> l.tls() == null ? null : stringList(l.tls().certificateArns())),
      // without ports, LBC's default is every port: written out anyway, so that a UDP port is never a TLS one
      new Source(SSL_PORTS, AT + "tls.ports", false, (l, d) -> l.tls() == null ? null : stringList(l.tls().ports())),
      healthCheck(HEALTHCHECK_PROTOCOL, "protocol", h -> h.protocol() == null ? null : h.protocol().name()),
      healthCheck(HEALTHCHECK_PATH, "path", LoadBalancerHealthCheck::path),
      healthCheck(HEALTHCHECK_PORT, "port", LoadBalancerHealthCheck::port),
      healthCheck(HEALTHCHECK_INTERVAL, "intervalSeconds", h -> string(h.intervalSeconds())),
      healthCheck(HEALTHCHECK_TIMEOUT, "timeoutSeconds", h -> string(h.timeoutSeconds())),
      healthCheck(HEALTHCHECK_HEALTHY_THRESHOLD, "healthyThreshold", h -> string(h.healthyThreshold())),
      healthCheck(HEALTHCHECK_UNHEALTHY_THRESHOLD, "unhealthyThreshold", h -> string(h.unhealthyThreshold())),
      healthCheck(HEALTHCHECK_SUCCESS_CODES, "successCodes", LoadBalancerHealthCheck::successCodes),
      new Source(TARGET_GROUP_ATTRIBUTES, AT + "targetGroupAttributes", false,
          (l, d) -> stringMap(l.targetGroupAttributes())),
      new Source(ATTRIBUTES, AT + "attributes", false, (l, d) -> stringMap(l.attributes())),
      new Source(TARGET_NODE_LABELS, AT + "targetNodeLabels", false, (l, d) -> stringMap(l.targetNodeLabels())),
      // the class chooses LBC; the legacy annotation would say the same thing another way, or something else
      new Source(TYPE, null, true, (l, d) -> null));

  private NlbAnnotations() {
  }

  /**
   * The Service's NLB annotations: the structured fields (or the default scheme), then the section's own
   * {@code annotations}, which never replace one the fields wrote (the lint reports such an entry).
   */
  public static SortedMap<String, String> of(LoadBalancerSpec loadBalancer, AlbScheme defaultScheme) {
    SortedMap<String, String> annotations = new TreeMap<>();
    for (Source source : SOURCES) {
      String value = source.value().apply(loadBalancer, defaultScheme);
      if (!isBlank(value)) {
        annotations.put(source.key(), value);
      }
    }
    if (loadBalancer.annotations() != null) {
      loadBalancer.annotations().forEach((key, value) -> {
        if (!isBlank(key) && !isBlank(value) && !fixed(key)) {
          annotations.putIfAbsent(key, value);
        }
      });
    }
    return annotations;
  }

  /** A key no annotation of the user's may set: a constant of the product (target type, the legacy type). */
  public static boolean fixed(String key) {
    return SOURCES.stream().anyMatch(s -> s.key().equals(key) && s.field() == null);
  }

  /** The spec field that owns an annotation key in this section, if any: always written, or its field is set. */
  public static Optional<String> setByField(String key, LoadBalancerSpec loadBalancer) {
    return SOURCES.stream()
        .filter(s -> s.key().equals(key) && s.field() != null)
        .filter(s -> s.always() || !isBlank(s.value().apply(loadBalancer, AlbScheme.INTERNAL)))
        .map(Source::field)
        .findFirst();
  }

  private static Source healthCheck(String key, String field, Function<LoadBalancerHealthCheck, String> value) {
    return new Source(key, AT + "healthCheck." + field, false,
        (l, d) -> l.healthCheck() == null ? null : value.apply(l.healthCheck()));
  }

  private static String string(Integer value) {
    return value == null ? null : value.toString();
  }
}
