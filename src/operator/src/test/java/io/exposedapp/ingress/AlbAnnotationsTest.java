package io.exposedapp.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.exposedapp.api.AlbScheme;
import io.exposedapp.api.HealthCheck;
import io.exposedapp.api.IngressSpec;
import io.exposedapp.config.IngressDefaults;

/** The annotation formats, as the AWS Load Balancer Controller documents them (docs/guide/ingress/annotations.md). */
class AlbAnnotationsTest {

  private static final IngressDefaults DEFAULTS = IngressDefaults.AWS;

  @Test
  void anEmptySectionGetsInstanceModeTheDefaultSchemeAndHttpOnly() {
    assertThat(AlbAnnotations.of(ingress(), DEFAULTS)).containsExactly(
        Map.entry("alb.ingress.kubernetes.io/listen-ports", "[{\"HTTP\": 80}]"),
        Map.entry("alb.ingress.kubernetes.io/scheme", "internal"),
        Map.entry("alb.ingress.kubernetes.io/target-type", "instance"));
  }

  @Test
  void certificatesAddTheHttpsListenerAndAreCommaJoined() {
    IngressSpec tls = new IngressSpec(null, null, AlbScheme.INTERNET_FACING, null, null, null,
        List.of("arn:aws:acm:us-west-2:123456789012:certificate/a", "arn:aws:acm:us-west-2:123456789012:certificate/b"),
        true, null, null, null, null, null, null, null);

    assertThat(AlbAnnotations.of(tls, DEFAULTS))
        .containsEntry("alb.ingress.kubernetes.io/listen-ports", "[{\"HTTP\": 80}, {\"HTTPS\": 443}]")
        .containsEntry("alb.ingress.kubernetes.io/certificate-arn",
            "arn:aws:acm:us-west-2:123456789012:certificate/a,arn:aws:acm:us-west-2:123456789012:certificate/b")
        .containsEntry("alb.ingress.kubernetes.io/ssl-redirect", "443")
        .containsEntry("alb.ingress.kubernetes.io/scheme", "internet-facing");
  }

  @Test
  void sslRedirectWithoutCertificatesWritesNoRedirect() {
    // the redirect port must be a listen port; without a certificate there is no 443 to redirect to
    IngressSpec noCert = new IngressSpec(null, null, null, null, null, null, null, true, null, null, null, null, null,
        null, null);

    assertThat(AlbAnnotations.of(noCert, DEFAULTS))
        .doesNotContainKeys("alb.ingress.kubernetes.io/ssl-redirect", "alb.ingress.kubernetes.io/certificate-arn")
        .containsEntry("alb.ingress.kubernetes.io/listen-ports", "[{\"HTTP\": 80}]");
  }

  @Test
  void tagsAreAStringMapSortedByKey() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("team", "storefront");
    tags.put("Environment", "prod");
    tags.put("cost-center", "4711");
    IngressSpec tagged = new IngressSpec(null, null, null, null, null, null, null, null, null, null, null, null, tags,
        null, null);

    assertThat(AlbAnnotations.of(tagged, DEFAULTS))
        .containsEntry("alb.ingress.kubernetes.io/tags", "Environment=prod,cost-center=4711,team=storefront");
  }

  @Test
  void healthCheckGroupAndNetworkFieldsAreStrings() {
    IngressSpec full = new IngressSpec(null, null, null, null, "team.apps", 10, null, null,
        new HealthCheck("/ping", "8080", HealthCheck.HealthCheckProtocol.HTTPS, 30, 6, 3, 4, "200,302"),
        List.of("10.0.0.0/8", "192.168.0.0/16"), List.of("subnet-a", "subnet-b"), List.of("sg-1"), null, "team-apps",
        null);

    assertThat(AlbAnnotations.of(full, DEFAULTS))
        .containsEntry("alb.ingress.kubernetes.io/group.name", "team.apps")
        .containsEntry("alb.ingress.kubernetes.io/group.order", "10")
        .containsEntry("alb.ingress.kubernetes.io/healthcheck-path", "/ping")
        .containsEntry("alb.ingress.kubernetes.io/healthcheck-port", "8080")
        .containsEntry("alb.ingress.kubernetes.io/healthcheck-protocol", "HTTPS")
        .containsEntry("alb.ingress.kubernetes.io/healthcheck-interval-seconds", "30")
        .containsEntry("alb.ingress.kubernetes.io/healthcheck-timeout-seconds", "6")
        .containsEntry("alb.ingress.kubernetes.io/healthy-threshold-count", "3")
        .containsEntry("alb.ingress.kubernetes.io/unhealthy-threshold-count", "4")
        .containsEntry("alb.ingress.kubernetes.io/success-codes", "200,302")
        .containsEntry("alb.ingress.kubernetes.io/inbound-cidrs", "10.0.0.0/8,192.168.0.0/16")
        .containsEntry("alb.ingress.kubernetes.io/subnets", "subnet-a,subnet-b")
        .containsEntry("alb.ingress.kubernetes.io/security-groups", "sg-1")
        .containsEntry("alb.ingress.kubernetes.io/load-balancer-name", "team-apps");
  }

  @Test
  void emptyStringsListsMapsAndEntriesWriteNoAnnotation() {
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("alb.ingress.kubernetes.io/ssl-policy", "");
    extra.put("example.com/blank", "  ");
    IngressSpec empty = new IngressSpec(null, "", null, List.of(), "", null, List.of("", " "), true,
        new HealthCheck("", "", null, null, null, null, null, ""), List.of(), List.of(""), List.of(), Map.of(), "",
        extra);

    Map<String, String> annotations = AlbAnnotations.of(empty, DEFAULTS);

    assertThat(annotations.values()).allSatisfy(v -> assertThat(v).isNotBlank());
    assertThat(annotations).containsOnlyKeys("alb.ingress.kubernetes.io/listen-ports",
        "alb.ingress.kubernetes.io/scheme", "alb.ingress.kubernetes.io/target-type");
  }

  @Test
  void blankListEntriesAreDropped() {
    IngressSpec gaps = new IngressSpec(null, null, null, null, null, null, null, null, null, null,
        List.of("subnet-a", "", "subnet-b"), null, null, null, null);

    assertThat(AlbAnnotations.of(gaps, DEFAULTS))
        .containsEntry("alb.ingress.kubernetes.io/subnets", "subnet-a,subnet-b");
  }

  @Test
  void extraAnnotationsComeThroughButNeverReplaceWhatTheFieldsWrite() {
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("alb.ingress.kubernetes.io/target-type", "ip");
    extra.put("alb.ingress.kubernetes.io/scheme", "internet-facing");
    extra.put("alb.ingress.kubernetes.io/ssl-policy", "ELBSecurityPolicy-TLS13-1-2-2021-06");
    IngressSpec overriding = new IngressSpec(null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, extra);

    assertThat(AlbAnnotations.of(overriding, DEFAULTS))
        .containsEntry("alb.ingress.kubernetes.io/target-type", "instance")
        .containsEntry("alb.ingress.kubernetes.io/scheme", "internal")
        .containsEntry("alb.ingress.kubernetes.io/ssl-policy", "ELBSecurityPolicy-TLS13-1-2-2021-06");
  }

  @Test
  void setByFieldNamesTheOwningField() {
    IngressSpec grouped = new IngressSpec(null, null, null, null, "apps", null, null, null, null, null, null, null,
        null, null, null);

    assertThat(AlbAnnotations.setByField("alb.ingress.kubernetes.io/group.name", grouped))
        .contains("spec.ingress.groupName");
    assertThat(AlbAnnotations.setByField("alb.ingress.kubernetes.io/group.name", ingress())).isEmpty();
    // the operator always writes these, set or not
    assertThat(AlbAnnotations.setByField("alb.ingress.kubernetes.io/scheme", ingress()))
        .contains("spec.ingress.scheme");
    assertThat(AlbAnnotations.setByField("alb.ingress.kubernetes.io/ssl-redirect", ingress()))
        .contains("spec.ingress.sslRedirect");
    assertThat(AlbAnnotations.setByField("alb.ingress.kubernetes.io/ssl-policy", ingress())).isEmpty();
  }

  private static IngressSpec ingress() {
    return new IngressSpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }
}
