package io.exposedapp.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.exposedapp.allocation.PortRange;
import io.exposedapp.api.ExposedApp;
import io.exposedapp.config.IngressDefaults;
import io.exposedapp.status.ConditionTypes;
import io.exposedapp.status.Conditions;
import io.exposedapp.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * {@code render} and the running operator write the same Services and Ingresses for the same ExposedApps and the same
 * ledger: every example applied one after the other to the operator, and rendered in the same order against the
 * cluster's Services as they were before.
 */
@Tag("real-apiserver")
class RenderMatchesOperatorTest {

  @RegisterExtension
  static final OperatorHarness op = new OperatorHarness();

  @Test
  void everyExampleRendersToWhatTheOperatorWrites() throws IOException {
    List<Service> before = op.client().services().inAnyNamespace().list().getItems();
    List<Renderer.Document> documents = new ArrayList<>();
    for (Path file : RenderInputs.files(Path.of("examples"))) {
      try (InputStream in = Files.newInputStream(file)) {
        documents.addAll(RenderInputs.documents(file.toString(), in));
      } catch (RenderInputs.UnreadableInput e) {
        throw new AssertionError(e);
      }
    }

    for (Renderer.Document document : documents) {
      ExposedApp app = Serialization.unmarshal(document.content().toString(), ExposedApp.class);
      String ns = app.getMetadata().getNamespace();
      if (op.client().namespaces().withName(ns).get() == null) {
        op.client().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
      }
      op.create(app);
      op.awaitApp(ns, app.getMetadata().getName(),
          a -> Conditions.isTrue(a.getStatus().conditions(), ConditionTypes.SERVICE_READY));
    }

    Renderer.Result result = new Renderer(PortRange.DEFAULT, IngressDefaults.AWS, before, List.of()).render(documents);
    assertThat(result.rejected()).isEmpty();
    assertThat(result.rendered()).hasSameSizeAs(documents);
    for (Renderer.Rendered rendered : result.rendered()) {
      for (HasMetadata object : rendered.objects()) {
        if (object instanceof Service desired) {
          Service actual = op.service(desired.getMetadata().getNamespace(), desired.getMetadata().getName());
          assertThat(actual.getSpec().getPorts()).as("ports of %s", desired.getMetadata().getName())
              .usingRecursiveFieldByFieldElementComparator().isEqualTo(desired.getSpec().getPorts());
          assertThat(actual.getSpec().getSelector()).isEqualTo(desired.getSpec().getSelector());
          assertThat(actual.getSpec().getType()).isEqualTo(desired.getSpec().getType());
          assertThat(actual.getSpec().getExternalTrafficPolicy()).isEqualTo(
              desired.getSpec().getExternalTrafficPolicy() == null ? "Cluster"
                  : desired.getSpec().getExternalTrafficPolicy());
          assertThat(actual.getMetadata().getLabels()).containsAllEntriesOf(desired.getMetadata().getLabels());
          assertThat(actual.getMetadata().getAnnotations()).containsAllEntriesOf(
              desired.getMetadata().getAnnotations());
        } else if (object instanceof Ingress desired) {
          Ingress actual = op.ingress(desired.getMetadata().getNamespace(), desired.getMetadata().getName());
          assertThat(actual.getSpec()).as("spec of Ingress %s", desired.getMetadata().getName())
              .usingRecursiveComparison().isEqualTo(desired.getSpec());
          assertThat(actual.getMetadata().getLabels()).containsAllEntriesOf(desired.getMetadata().getLabels());
          assertThat(actual.getMetadata().getAnnotations()).containsAllEntriesOf(
              desired.getMetadata().getAnnotations());
        }
      }
    }
  }
}
