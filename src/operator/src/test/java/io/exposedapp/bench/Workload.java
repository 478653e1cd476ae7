package io.exposedapp.bench;

import java.util.ArrayList;
import java.util.List;

import io.exposedapp.api.ExposedApp;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The apps the benchmarks create: one port each, spread over namespaces, every other one with an ALB Ingress. */
final class Workload {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Workload() {
  }

  static String namespace(int index) {
    return "team-" + index;
  }

  static List<ExposedApp> apps(int count, boolean halfWithIngress, int namespaces) {
    return apps(count, halfWithIngress, namespaces, "team-");
  }

  static List<ExposedApp> apps(int count, boolean halfWithIngress, int namespaces, String namespacePrefix) {
    List<ExposedApp> apps = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String ingress = halfWithIngress && i % 2 == 0
          ? "  ingress:\n    rules:\n      - host: app-" + i + ".example.com\n        port: http\n" : "";
      apps.add(SERIALIZATION.unmarshal("""
          apiVersion: exposedapp.io/v1alpha1
          kind: ExposedApp
          metadata:
            name: app-%d
            namespace: %s
          spec:
            selector:
              app: app-%d
            ports:
              - name: http
                port: 8080
          """.formatted(i, namespacePrefix + i % namespaces, i) + ingress, ExposedApp.class));
    }
    return apps;
  }

  static List<String> keys(List<ExposedApp> apps) {
    return apps.stream().map(Observer::key).toList();
  }
}
