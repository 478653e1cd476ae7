package io.exposedapp.migration;

import static io.exposedapp.lbc.AnnotationFormats.parseList;
import static io.exposedapp.lbc.AnnotationFormats.parseMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.exposedapp.api.AlbScheme;
import io.exposedapp.api.LoadBalancerHealthCheck;
import io.exposedapp.api.LoadBalancerSpec;
import io.exposedapp.api.LoadBalancerTls;
import io.exposedapp.api.PortSpec;
import io.exposedapp.api.TargetGroupBindingSpec;
import io.exposedapp.lbc.TargetGroupBinding;
import io.exposedapp.nlb.NlbAnnotations;
import io.exposedapp.targetgroupbinding.DesiredTargetGroupBinding;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;

/**
 * The import of what the AWS Load Balancer Controller serves TCP and UDP apps with: a LoadBalancer Service of its NLB
 * class in instance mode becomes a {@code loadBalancer} section, and a TargetGroupBinding of an imported Service's
 * port a {@code targetGroupBindings} entry that keeps its name (adopted in place: the targets stay registered).
 * Pure functions; what cannot be carried is returned as the reason, and the caller leaves it out.
 */
final class NlbImport {

  private NlbImport() {
  }

  /** The section, or why not; what it carries is removed from {@code annotations} (what is left is the Service's). */
  sealed interface Outcome {
    record Section(LoadBalancerSpec loadBalancer) implements Outcome {
    }

    record Refused(String reason) implements Outcome {
    }
  }

  static Outcome loadBalancer(Service service, Map<String, String> annotations) {
    String className = service.getSpec().getLoadBalancerClass();
    if (!NlbAnnotations.NLB_CLASS.equals(className)) {
      return new Outcome.Refused("type LoadBalancer of " + (className == null ? "no class" : "class " + className)
          + "; only LoadBalancer Services of class " + NlbAnnotations.NLB_CLASS + " are imported (the class of a "
          + "LoadBalancer never changes, and an ExposedApp's NLB has that class)");
    }
    String targetType = annotations.getOrDefault(NlbAnnotations.TARGET_TYPE, NlbAnnotations.INSTANCE);
    if (!NlbAnnotations.INSTANCE.equals(targetType)) {
      return new Outcome.Refused("nlb-target-type " + targetType + " (the NLB sends traffic to pod IPs); an "
          + "ExposedApp's NLB has instance targets (node:nodePort)");
    }
    if (Boolean.FALSE.equals(service.getSpec().getAllocateLoadBalancerNodePorts())) {
      return new Outcome.Refused("allocateLoadBalancerNodePorts: false (no nodePorts); an ExposedApp's NLB targets "
          + "the nodePorts");
    }
    Map<String, String> own = new TreeMap<>();
    annotations.keySet().removeIf(key -> {
      if (key.startsWith(NlbAnnotations.PREFIX) && !key.equals(NlbAnnotations.TYPE)) {
        own.put(key, annotations.get(key));
        return true;
      }
      return false;
    });
    own.remove(NlbAnnotations.TARGET_TYPE);
    List<String> unreadable = new ArrayList<>();
    String scheme = own.remove(NlbAnnotations.SCHEME);
    AlbScheme parsedScheme = AlbScheme.INTERNAL; // the controller's default, stated so the operator's cannot differ
    if (scheme != null) {
      parsedScheme = Arrays.stream(AlbScheme.values()).filter(s -> s.value().equals(scheme.strip())).findFirst()
          .orElse(null);
      if (parsedScheme == null) {
        unreadable.add(NlbAnnotations.SCHEME + "=" + scheme);
      }
    }
    LoadBalancerSpec.IpAddressType ipAddressType = null;
    String ipType = own.remove(NlbAnnotations.IP_ADDRESS_TYPE);
    if (ipType != null) {
      try {
        ipAddressType = LoadBalancerSpec.IpAddressType.valueOf(ipType.strip());
      } catch (IllegalArgumentException e) {
        unreadable.add(NlbAnnotations.IP_ADDRESS_TYPE + "=" + ipType);
      }
    }
    List<String> certificates = parseList(own.remove(NlbAnnotations.SSL_CERT));
    List<String> tlsPorts = parseList(own.remove(NlbAnnotations.SSL_PORTS));
    LoadBalancerHealthCheck healthCheck = healthCheck(own, unreadable);
    List<String> sourceRanges = service.getSpec().getLoadBalancerSourceRanges();
    LoadBalancerSpec section = new LoadBalancerSpec(null, parsedScheme,
        sourceRanges == null || sourceRanges.isEmpty() ? null : sourceRanges,
        parseList(own.remove(NlbAnnotations.SUBNETS)), parseList(own.remove(NlbAnnotations.EIP_ALLOCATIONS)),
        parseList(own.remove(NlbAnnotations.PRIVATE_IPV4_ADDRESSES)), ipAddressType,
        parseList(own.remove(NlbAnnotations.SECURITY_GROUPS)), parseMap(own.remove(NlbAnnotations.TAGS)),
        certificates == null ? null : new LoadBalancerTls(certificates, tlsPorts), healthCheck,
        parseMap(own.remove(NlbAnnotations.TARGET_GROUP_ATTRIBUTES)), parseMap(own.remove(NlbAnnotations.ATTRIBUTES)),
        parseMap(own.remove(NlbAnnotations.TARGET_NODE_LABELS)), own.isEmpty() ? null : new LinkedHashMap<>(own));
    if (!unreadable.isEmpty()) {
      return new Outcome.Refused("cannot read " + String.join(", ", unreadable));
    }
    if (certificates == null && tlsPorts != null) {
      return new Outcome.Refused(NlbAnnotations.SSL_PORTS + " without " + NlbAnnotations.SSL_CERT);
    }
    return new Outcome.Section(section);
  }

  private static LoadBalancerHealthCheck healthCheck(Map<String, String> own, List<String> unreadable) {
    String protocol = own.remove(NlbAnnotations.HEALTHCHECK_PROTOCOL);
    LoadBalancerHealthCheck.Protocol parsed = null;
    if (protocol != null) {
      try {
        parsed = LoadBalancerHealthCheck.Protocol.valueOf(protocol.strip().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        unreadable.add(NlbAnnotations.HEALTHCHECK_PROTOCOL + "=" + protocol);
      }
    }
    LoadBalancerHealthCheck check = new LoadBalancerHealthCheck(own.remove(NlbAnnotations.HEALTHCHECK_PATH),
        own.remove(NlbAnnotations.HEALTHCHECK_PORT), parsed,
        Importer.integer(NlbAnnotations.HEALTHCHECK_INTERVAL, own, unreadable),
        Importer.integer(NlbAnnotations.HEALTHCHECK_TIMEOUT, own, unreadable),
        Importer.integer(NlbAnnotations.HEALTHCHECK_HEALTHY_THRESHOLD, own, unreadable),
        Importer.integer(NlbAnnotations.HEALTHCHECK_UNHEALTHY_THRESHOLD, own, unreadable),
        own.remove(NlbAnnotations.HEALTHCHECK_SUCCESS_CODES));
    return check.equals(new LoadBalancerHealthCheck(null, null, null, null, null, null, null, null)) ? null : check;
  }

  /**
   * The entry that reproduces a binding of one of the app's ports, or why not.
   *
   * @param ports the app's ports (as imported from the Service)
   */
  static Optional<String> bindingProblem(TargetGroupBinding binding, List<PortSpec> ports) {
    TargetGroupBinding.Spec spec = binding.getSpec();
    if (spec.targetType() != null && !DesiredTargetGroupBinding.INSTANCE.equals(spec.targetType())) {
      return Optional.of("targetType " + spec.targetType() + " (pod IPs); an ExposedApp's bindings have instance "
          + "targets (node:nodePort)");
    }
    if (port(spec.serviceRef().port(), ports).isEmpty()) {
      return Optional.of("serviceRef.port " + spec.serviceRef().port().toString() + " is no port of Service "
          + spec.serviceRef().name());
    }
    if (spec.networking() != null && spec.networking().ingress() != null && spec.networking().ingress().size() > 1) {
      return Optional.of("networking.ingress has " + spec.networking().ingress().size() + " rules; an entry's "
          + "allowFrom is one rule, for the port's nodePort");
    }
    return Optional.empty();
  }

  /** The entry for a binding {@link #bindingProblem} found nothing wrong with. */
  static TargetGroupBindingSpec binding(TargetGroupBinding binding, List<PortSpec> ports) {
    TargetGroupBinding.Spec spec = binding.getSpec();
    List<TargetGroupBindingSpec.AllowFrom> allowFrom = null;
    if (spec.networking() != null && spec.networking().ingress() != null && !spec.networking().ingress().isEmpty()) {
      allowFrom = spec.networking().ingress().get(0).from().stream()
          .map(f -> new TargetGroupBindingSpec.AllowFrom(f.ipBlock() == null ? null : f.ipBlock().cidr(),
              f.securityGroup() == null ? null : f.securityGroup().groupID()))
          .toList();
    }
    return new TargetGroupBindingSpec(port(spec.serviceRef().port(), ports).orElseThrow().name(),
        spec.targetGroupARN(), spec.targetGroupARN() == null ? spec.targetGroupName() : null, allowFrom,
        spec.nodeSelector() == null ? null : spec.nodeSelector().matchLabels(), binding.getMetadata().getName());
  }

  /** The port a binding's serviceRef.port names: a Service port number (the first with it, as LBC) or name. */
  private static Optional<PortSpec> port(IntOrString ref, List<PortSpec> ports) {
    if (ref == null) {
      return Optional.empty();
    }
    return ports.stream().filter(p -> ref.getIntVal() != null ? p.port() == ref.getIntVal()
        : p.name().equals(ref.getStrVal())).findFirst();
  }
}
