package io.exposedapp.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.exposedapp.config.Setting;
import io.exposedapp.pool.Pools;
import io.exposedapp.reconciler.ExposedAppReconciler;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.PoolStatusFactory;
import io.exposedapp.testing.GoldenFiles;

/**
 * The pages of docs/ that are generated, so that they cannot drift: the ExposedApp and NodePortPool references from the
 * committed CRDs, the configuration page from {@link Setting} (what the operator parses), and the troubleshooting page
 * from {@link ReasonCatalog}, whose reasons must be exactly those the code defines. A page that differs from what its
 * source says fails here; {@code -Dgolden.update=true} rewrites it.
 */
class GeneratedDocsTest {

  static final Path DOCS = Path.of("docs");

  @Test
  void theExposedAppReferenceIsTheCrdsSchema() throws IOException {
    GoldenFiles.assertMatches(DOCS.resolve("reference-exposedapp.md"), CrdReference.page(
        Path.of("crds", "exposedapps.exposedapp.io-v1.yml"), "ExposedApp reference",
        "Every field of an ExposedApp, from [`crds/exposedapps.exposedapp.io-v1.yml`]"
            + "(../crds/exposedapps.exposedapp.io-v1.yml) (generated from `io.exposedapp.api`): its type, what the API "
            + "server validates, and the description `kubectl explain exposedapp.<field>` prints. The conditions of "
            + "`status.conditions` are explained in [Troubleshooting](troubleshooting.md).",
        Set.of("status.conditions")));
  }

  @Test
  void theNodePortPoolReferenceIsTheCrdsSchema() throws IOException {
    GoldenFiles.assertMatches(DOCS.resolve("reference-nodeportpool.md"), CrdReference.page(
        Path.of("crds", "nodeportpools.exposedapp.io-v1.yml"), "NodePortPool reference",
        "Every field of a NodePortPool, from [`crds/nodeportpools.exposedapp.io-v1.yml`]"
            + "(../crds/nodeportpools.exposedapp.io-v1.yml): its type, what the API server validates, and its "
            + "description. `spec.namespaceSelector` is a Kubernetes LabelSelector; what pools are for is in "
            + "[NodePort pools](pools.md).",
        Set.of("status.conditions", "spec.namespaceSelector")));
  }

  @Test
  void theConfigurationPageIsTheSettingsTheOperatorParses() throws IOException {
    StringBuilder page = new StringBuilder("<!-- Generated from io.exposedapp.config.Setting by GeneratedDocsTest: do "
        + "not edit; -Dgolden.update=true regenerates it. -->\n\n# Configuration\n\n"
        + "Environment variables, parsed once at startup (an invalid value stops the operator with a message naming "
        + "it, exit code 2). They are public API. In a cluster they are set by the Deployment "
        + "([Install](install.md#configuration-in-the-cluster)), or by the Helm chart's values.\n\n"
        + "| Variable | Default | Meaning |\n|---|---|---|\n");
    for (Setting setting : Setting.values()) {
      page.append("| `").append(setting.variable()).append("` | ").append(setting.documentedDefault()).append(" | ")
          .append(CrdReference.cell(setting.meaning())).append(" |\n");
    }
    GoldenFiles.assertMatches(DOCS.resolve("configuration.md"), page.toString());
  }

  @Test
  void everyDocumentedDefaultIsTheFallbackTheOperatorParses() {
    for (Setting setting : Setting.values()) {
      if (setting.fallback() != null && !setting.fallback().isEmpty()) {
        assertThat(setting.documentedDefault()).as(setting.variable()).isEqualTo("`" + setting.fallback() + "`");
      }
    }
  }

  @Test
  void theTroubleshootingPageExplainsExactlyTheReasonsTheCodeDefines() throws IOException, IllegalAccessException {
    Set<String> defined = new TreeSet<>();
    constants(ConditionTypes.Reasons.class, defined);
    constants(Pools.class, defined);
    for (String name : List.of("VALID", "PORTS_FREE", "EXHAUSTED", "NOT_VALID")) {
      defined.add(constant(PoolStatusFactory.class, name));
    }
    defined.add(ExposedAppReconciler.NODE_PORTS_KEPT_OUTSIDE_RANGE);
    defined.add(ExposedAppReconciler.ADOPTED);
    assertThat(new TreeSet<>(ReasonCatalog.ENTRIES.keySet())).as("reasons explained vs defined").isEqualTo(defined);

    StringBuilder page = new StringBuilder("<!-- Generated from ReasonCatalog by GeneratedDocsTest: do not edit; "
        + "-Dgolden.update=true regenerates it. -->\n\n# Troubleshooting\n\n"
        + "Every reason the operator sets on a condition, what it means and what to do. `kubectl get xapp -o wide` "
        + "shows each app's `Ready` reason; `kubectl describe xapp NAME` every condition with its message, which "
        + "names the field, object or port concerned, and the Warning Events of each transition. An app's `Ready` "
        + "is False with the reason of the first way in that is not ready. NodePortPool conditions are on the pool "
        + "(`kubectl get nodeportpools`).\n\n"
        + "| Reason | Condition | Meaning | What to do |\n|---|---|---|---|\n");
    for (ReasonCatalog.Entry entry : ReasonCatalog.ENTRIES.values()) {
      page.append("| `").append(entry.reason()).append("` | ").append(String.join(", ", entry.conditions()))
          .append(" | ").append(CrdReference.cell(entry.meaning())).append(" | ")
          .append(CrdReference.cell(entry.action())).append(" |\n");
    }
    GoldenFiles.assertMatches(DOCS.resolve("troubleshooting.md"), page.toString());
  }

  private static void constants(Class<?> type, Set<String> into) throws IllegalAccessException {
    for (Field field : type.getDeclaredFields()) {
      int m = field.getModifiers();
      if (Modifier.isStatic(m) && Modifier.isFinal(m) && Modifier.isPublic(m) && field.getType() == String.class) {
        into.add((String) field.get(null));
      }
    }
  }

  private static String constant(Class<?> type, String name) throws IllegalAccessException {
    try {
      return (String) type.getField(name).get(null);
    } catch (NoSuchFieldException e) {
      throw new AssertionError(type + " has no " + name, e);
    }
  }
}
