package io.exposedapp.gateway;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceSubresourcesBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.exposedapp.gateway.l4.L4RouteKind;
import io.exposedapp.lbc.LbcApi;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * CRDs for the kinds a gateway section writes, derived from their Java models with fabric8's CRD generator: Gateway
 * API's HTTPRoute and Gateway from fabric8's model, the AWS Load Balancer Controller's two kinds from {@code
 * io.exposedapp.lbc}, each with its status subresource as the projects publish them. For the embedded run and the
 * default tests, where no cluster brings the projects' own CRDs (tests against those read them from outside the
 * repository). Not used by the operator itself: the CRD generator is not in its jar.
 */
public final class DerivedGatewayCrds {

  private DerivedGatewayCrds() {
  }

  /**
   * Where the Kubernetes project approved the Gateway API (its group is one of the project's, which kube-apiserver
   * refuses a CRD of without this annotation): the value the v1.6.1 CRDs carry.
   */
  static final String GATEWAY_API_APPROVAL = "https://github.com/kubernetes-sigs/gateway-api/pull/4530";

  /**
   * The AWS Load Balancer Controller's TargetGroupBinding in {@code elbv2.k8s.aws/v1beta1}, derived from the operator's
   * model of it (the published CRD is read from outside the repository by the tests that use it).
   */
  public static List<CustomResourceDefinition> targetGroupBinding() {
    return List.of(derive(io.exposedapp.lbc.TargetGroupBinding.class));
  }

  /** HTTPRoute and Gateway in {@code gateway.networking.k8s.io/v1}. */
  public static List<CustomResourceDefinition> gatewayApi() {
    List<CustomResourceDefinition> crds = List.of(derive(HTTPRoute.class), derive(Gateway.class));
    crds.forEach(crd -> crd.getMetadata().setAnnotations(Map.of("api-approved.kubernetes.io", GATEWAY_API_APPROVAL)));
    return crds;
  }

  /**
   * TCPRoute, UDPRoute and TLSRoute of Gateway API's experimental channel, served in {@code versions} (of {@link
   * L4RouteKind#VERSIONS}), the first stored: {@code v1} and {@code v1alpha2} as v1.6 serves them, or {@code v1alpha2}
   * alone as earlier channels do.
   */
  public static List<CustomResourceDefinition> l4Routes(String... versions) {
    List<CustomResourceDefinition> crds = new ArrayList<>();
    for (L4RouteKind kind : L4RouteKind.values()) {
      CustomResourceDefinition crd = null;
      List<CustomResourceDefinitionVersion> served = new ArrayList<>();
      for (String version : versions) {
        CustomResourceDefinition one = derive(kind.type(version));
        CustomResourceDefinitionVersion v = one.getSpec().getVersions().get(0);
        v.setStorage(served.isEmpty());
        served.add(v);
        crd = crd == null ? one : crd;
      }
      crd.getSpec().setVersions(served);
      crd.getMetadata().setAnnotations(Map.of("api-approved.kubernetes.io", GATEWAY_API_APPROVAL));
      crds.add(crd);
    }
    return crds;
  }

  /**
   * TargetGroupConfiguration and LoadBalancerConfiguration served in {@code versions}, the first stored (as LBC v3.5
   * publishes them: v1 stored, v1beta1 served; before: v1beta1 alone).
   */
  public static List<CustomResourceDefinition> lbc(LbcApi... versions) {
    List<CustomResourceDefinition> crds = new ArrayList<>();
    for (boolean targetGroups : List.of(true, false)) {
      CustomResourceDefinition crd = null;
      List<CustomResourceDefinitionVersion> served = new ArrayList<>();
      for (LbcApi version : versions) {
        CustomResourceDefinition one = derive(targetGroups ? version.targetGroupConfiguration()
            : version.loadBalancerConfiguration());
        CustomResourceDefinitionVersion v = one.getSpec().getVersions().get(0);
        v.setStorage(served.isEmpty());
        served.add(v);
        crd = crd == null ? one : crd;
      }
      crd.getSpec().setVersions(served);
      crds.add(crd);
    }
    return crds;
  }

  /** The CRD of one modelled kind, with its status subresource (as the projects publish theirs). */
  public static CustomResourceDefinition derive(Class<? extends HasMetadata> type) {
    Map<String, ByteArrayOutputStream> outputs = new LinkedHashMap<>();
    new CRDGenerator()
        .customResourceClasses(type)
        .forCRDVersions("v1")
        .withOutput(new CRDGenerator.AbstractCRDOutput<ByteArrayOutputStream>() {
          @Override
          protected ByteArrayOutputStream createStreamFor(String name) {
            return outputs.computeIfAbsent(name, n -> new ByteArrayOutputStream());
          }
        })
        .generate();
    CustomResourceDefinition crd = Serialization.unmarshal(outputs.values().iterator().next().toString(
        java.nio.charset.StandardCharsets.UTF_8), CustomResourceDefinition.class);
    crd.getSpec().getVersions().forEach(v -> v.setSubresources(new CustomResourceSubresourcesBuilder()
        .withNewStatus().endStatus().build()));
    return crd;
  }
}
