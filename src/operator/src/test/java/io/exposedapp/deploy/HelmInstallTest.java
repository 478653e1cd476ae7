package io.exposedapp.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;

import io.exposedapp.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;

/**
 * The chart installed, upgraded and uninstalled by real Helm on kube-apiserver (the real-apiserver tier; the API
 * test server does not read the protobuf Helm sends), into a namespace that enforces Pod Security "restricted": every
 * object is admitted, an upgrade with other values changes the Deployment in place and re-creates nothing, and an
 * uninstall leaves the CRDs and the ExposedApps (Helm's convention for crds/). {@code helm test} needs a kubelet to
 * run its Pod, which neither server has.
 */
@Tag("real-apiserver")
class HelmInstallTest {

  private static final String NS = "exposedapp-helm";

  @RegisterExtension
  static final OperatorHarness api = OperatorHarness.apiServerOnly();

  @TempDir
  static Path dir;
  static Path kubeconfig;

  @BeforeAll
  static void aRestrictedNamespace() {
    org.junit.jupiter.api.Assumptions.assumeFalse(api.onApiTestServer(), "Helm's Go client sends built-in objects "
        + "(its release Secret) as protobuf, which the API test server does not read; runs on kube-apiserver "
        + "(-Preal-apiserver)");
    kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
    api.client().resource(new NamespaceBuilder().withNewMetadata().withName(NS)
        .addToLabels(Map.of("pod-security.kubernetes.io/enforce", "restricted",
            "pod-security.kubernetes.io/enforce-version", "latest"))
        .endMetadata().build()).create();
  }

  @Test
  void installUpgradeAndUninstall() {
    Release installed = new Helm(HelmChart.DIR).install().withName(HelmChart.RELEASE).withNamespace(NS)
        .withKubeConfig(kubeconfig).call();
    assertThat(installed.getStatus()).isEqualTo("deployed");
    List<HasMetadata> rendered = HelmChart.objects(new Helm(HelmChart.DIR).template().withName(HelmChart.RELEASE)
        .withNamespace(NS).call());
    for (HasMetadata object : rendered) {
      assertThat(api.client().resource(object).get()).as("%s %s admitted", object.getKind(),
          object.getMetadata().getName()).isNotNull();
    }
    Deployment deployment = api.client().apps().deployments().inNamespace(NS).withName(HelmChart.RELEASE).get();
    ServiceAccount account = api.client().serviceAccounts().inNamespace(NS).withName(HelmChart.RELEASE).get();
    ClusterRole role = api.client().rbac().clusterRoles().withName(HelmChart.RELEASE).get();
    api.create(OperatorHarness.app(NS, "kept", OperatorHarness.port("http", 80)));

    Release upgraded = Helm.upgrade(HelmChart.DIR.toString()).withName(HelmChart.RELEASE).withNamespace(NS)
        .withKubeConfig(kubeconfig).set("operator.logLevel", "DEBUG").set("replicaCount", 3).call();

    assertThat(upgraded.getRevision()).isEqualTo("2");
    Deployment after = api.client().apps().deployments().inNamespace(NS).withName(HelmChart.RELEASE).get();
    assertThat(after.getMetadata().getUid()).isEqualTo(deployment.getMetadata().getUid());
    assertThat(after.getSpec().getReplicas()).isEqualTo(3);
    assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .contains(new EnvVar("LOG_LEVEL", "DEBUG", null));
    assertThat(api.client().serviceAccounts().inNamespace(NS).withName(HelmChart.RELEASE).get().getMetadata()
        .getUid()).isEqualTo(account.getMetadata().getUid());
    assertThat(api.client().rbac().clusterRoles().withName(HelmChart.RELEASE).get().getMetadata().getUid())
        .isEqualTo(role.getMetadata().getUid());

    Helm.uninstall(HelmChart.RELEASE).withNamespace(NS).withKubeConfig(kubeconfig).call();

    assertThat(api.client().apps().deployments().inNamespace(NS).withName(HelmChart.RELEASE).get()).isNull();
    assertThat(api.client().rbac().clusterRoles().withName(HelmChart.RELEASE).get()).isNull();
    assertThat(api.client().apiextensions().v1().customResourceDefinitions().withName("exposedapps.exposedapp.io")
        .get()).as("the CRD stays").isNotNull();
    assertThat(api.get(NS, "kept")).as("the ExposedApps stay").isNotNull();
  }

  @Test
  void aValuesFileWithATypoFailsTheInstallWithTheSchemasMessage() throws IOException {
    Path values = java.nio.file.Files.writeString(dir.resolve("typo.yaml"), "image: {repo: example/operator}\n");

    assertThatThrownBy(() -> new Helm(HelmChart.DIR).install().withName("typo").withNamespace(NS)
        .withKubeConfig(kubeconfig).withValuesFile(values).call())
        .hasMessageContaining("image: Additional property repo is not allowed");
    assertThat(api.client().apps().deployments().inNamespace(NS).withName("typo-exposedapp-operator").get()).isNull();
  }
}
