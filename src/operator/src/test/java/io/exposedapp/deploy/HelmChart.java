package io.exposedapp.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The chart in {@code deploy/helm/exposedapp-operator}, rendered by real Helm (helm-java) as an install named like
 * deploy/'s objects into deploy/'s namespace, so that the two can be compared object by object.
 */
final class HelmChart {

  static final Path DIR = Path.of("deploy", "helm", "exposedapp-operator");
  static final String RELEASE = "exposedapp-operator";
  static final String NAMESPACE = "exposedapp-system";

  private HelmChart() {
  }

  static Helm helm() {
    return new Helm(DIR);
  }

  /** {@code helm template} with these values files (none: the defaults). */
  static String template(Path... valuesFiles) {
    TemplateCommand template = helm().template().withName(RELEASE).withNamespace(NAMESPACE);
    for (Path values : valuesFiles) {
      template = template.withValuesFile(values);
    }
    return template.call();
  }

  /** The objects of a rendering, in order. */
  static List<HasMetadata> objects(String rendered) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : rendered.split("(?m)^---\\s*$")) {
      if (document.lines().anyMatch(l -> l.startsWith("kind:"))) {
        objects.add(Serialization.unmarshal(document, HasMetadata.class));
      }
    }
    return objects;
  }
}
