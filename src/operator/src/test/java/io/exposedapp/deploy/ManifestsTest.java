package io.exposedapp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;

/** The kustomization in deploy/ as a whole: complete, consistently labelled and namespaced, no misspelt fields. */
class ManifestsTest {

  private static final DeployManifests MANIFESTS = DeployManifests.load();

  @Test
  void kustomizationListsEveryManifestInDeploy() throws IOException {
    List<Path> yamlFiles;
    try (Stream<Path> files = Files.list(DeployManifests.DIR)) {
      yamlFiles = files.filter(f -> f.toString().endsWith(".yaml"))
          .filter(f -> !f.equals(DeployManifests.KUSTOMIZATION)).sorted().toList();
    }
    assertThat(MANIFESTS.files()).as("resources: of %s", DeployManifests.KUSTOMIZATION)
        .containsExactlyInAnyOrderElementsOf(yamlFiles);
    assertThat(MANIFESTS.resources()).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("Namespace",
        "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Deployment",
        "PodDisruptionBudget", "Service");
    assertThat(MANIFESTS.resources()).as("no CRD: it is installed from crds/")
        .noneMatch(r -> r.getKind().equals("CustomResourceDefinition"));
  }

  @Test
  void everyResourceCarriesTheAppLabel() {
    assertThat(MANIFESTS.resources()).allSatisfy(r -> assertThat(r.getMetadata().getLabels())
        .as("labels of %s %s", r.getKind(), r.getMetadata().getName())
        .containsEntry(DeployManifests.NAME_LABEL, DeployManifests.APP_NAME)
        .containsEntry("app.kubernetes.io/part-of", "exposedapp"));
    assertThat(MANIFESTS.deployment().getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(MANIFESTS.deployment().getSpec().getSelector().getMatchLabels());
  }

  @Test
  void namespacedResourcesAreInTheKustomizationNamespace() {
    String namespace = MANIFESTS.namespace();
    assertThat(namespace).isEqualTo("exposedapp-system");
    assertThat(MANIFESTS.one(Namespace.class).getMetadata().getName()).isEqualTo(namespace);
    assertThat(MANIFESTS.resources())
        .filteredOn(r -> !(r instanceof Namespace || r instanceof ClusterRole || r instanceof ClusterRoleBinding))
        .allSatisfy(r -> assertThat(r.getMetadata().getNamespace()).as("namespace of %s %s", r.getKind(),
            r.getMetadata().getName()).isEqualTo(namespace));
    assertThat(MANIFESTS.resources()).filteredOn(r -> r instanceof ClusterRole || r instanceof ClusterRoleBinding)
        .allSatisfy(r -> assertThat(r.getMetadata().getNamespace()).isNull());
  }

  @Test
  void serviceAccountTokenIsMounted() {
    ServiceAccount account = MANIFESTS.one(ServiceAccount.class);
    assertThat(account.getMetadata().getName()).isEqualTo("exposedapp-operator");
    assertThat(account.getAutomountServiceAccountToken()).isTrue();
    assertThat(MANIFESTS.deployment().getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
        .isNotEqualTo(Boolean.FALSE);
  }

  @Test
  void imageIsSetThroughKustomizeImages() {
    String image = MANIFESTS.deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    String name = image.replaceAll(":[^:/]+$", "");
    JsonNode entry = null;
    for (JsonNode candidate : MANIFESTS.kustomization().path("images")) {
      if (candidate.path("name").asText().equals(name)) {
        entry = candidate;
      }
    }
    assertThat(entry).as("an images: entry for %s in %s", name, DeployManifests.KUSTOMIZATION).isNotNull();
    assertThat(entry.path("newTag").asText()).isNotEmpty().isNotEqualTo("latest");
  }

  @Test
  void disruptionBudgetKeepsOneReplicaOfTheDeployment() {
    PodDisruptionBudget pdb = MANIFESTS.one(PodDisruptionBudget.class);
    Deployment deployment = MANIFESTS.deployment();
    assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getMaxUnavailable()).isNull();
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(deployment.getSpec().getReplicas()).as("replicas > minAvailable, or no node could be drained")
        .isGreaterThan(pdb.getSpec().getMinAvailable().getIntVal());
  }

  @Test
  void noFieldIsUnknownToTheKubernetesModel() {
    // fabric8 keeps fields it does not know in additionalProperties: a misspelt field would end up there
    for (HasMetadata resource : MANIFESTS.resources()) {
      List<String> unknown = new ArrayList<>();
      unknownFields(resource, resource.getKind(), unknown);
      assertThat(unknown).as("fields of %s %s unknown to the Kubernetes API (typo?)", resource.getKind(),
          resource.getMetadata().getName()).isEmpty();
    }
  }

  private static void unknownFields(Object value, String path, List<String> unknown) {
    if (value == null) {
      return;
    }
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        unknownFields(list.get(i), path + "[" + i + "]", unknown);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "[" + k + "]", unknown));
      return;
    }
    if (!value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object child;
      try {
        child = getter.invoke(value);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          unknown.add(path + " " + extra.keySet());
        }
      } else {
        unknownFields(child, path + "." + getter.getName().substring(3), unknown);
      }
    }
  }
}
