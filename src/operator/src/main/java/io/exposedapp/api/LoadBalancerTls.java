package io.exposedapp.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** {@code spec.loadBalancer.tls}: TLS listeners of the app's NLB. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadBalancerTls(

    @JsonPropertyDescription("service.beta.kubernetes.io/aws-load-balancer-ssl-cert: ACM (or IAM server) "
        + "certificate ARNs; the first is the default certificate. Required, 1..25.")
    @Required
    @Size(min = 1, max = 25)
    List<String> certificateArns,

    @JsonPropertyDescription("service.beta.kubernetes.io/aws-load-balancer-ssl-ports: names of the app's TCP ports "
        + "whose listeners terminate TLS. Optional; every TCP port by default.")
    @Size(max = 64)
    List<String> ports) {

  public LoadBalancerTls {
    certificateArns = certificateArns == null ? null : Collections.unmodifiableList(new ArrayList<>(certificateArns));
    ports = ports == null ? null : Collections.unmodifiableList(new ArrayList<>(ports));
  }
}
