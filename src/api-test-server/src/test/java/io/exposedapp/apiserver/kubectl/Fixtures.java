package io.exposedapp.apiserver.kubectl;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.exposedapp.apiserver.api.ResourceType;
import io.exposedapp.apiserver.api.ResourceType.PrinterColumn;

/** ResourceTypes and objects shared by the kubectl-facing tests. */
final class Fixtures {

  static final ObjectMapper MAPPER = new ObjectMapper();

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static final JsonNode EXPOSEDAPP_SCHEMA = json("""
      {'type':'object','description':'ExposedApp exposes an app.','properties':{
        'spec':{'type':'object','description':'Desired state.','properties':{
          'image':{'type':'string','description':'Container image to run.'}}},
        'status':{'type':'object'}}}
      """);

  static ResourceType exposedApp(List<PrinterColumn> columns) {
    return new ResourceType("exposedapp.io", "v1alpha1", "ExposedApp", "exposedapps", "exposedapp", true,
        List.of("ea"), true, columns, EXPOSEDAPP_SCHEMA);
  }

  static final ResourceType EXPOSEDAPP = exposedApp(List.of(
      new PrinterColumn("Image", "string", "", "", 0, ".spec.image"),
      new PrinterColumn("Ports", "string", "", "", 0, ".status.nodePorts[*].nodePort"),
      new PrinterColumn("Ready", "string", "", "", 0, ".status.conditions[?(@.type==\"Ready\")].status"),
      new PrinterColumn("Replicas", "integer", "", "Wanted replicas", 1, ".spec.replicas"),
      new PrinterColumn("Age", "date", "", "", 0, ".metadata.creationTimestamp")));

  static final ResourceType SERVICE =
      new ResourceType("", "v1", "Service", "services", "service", true, List.of("svc"), true, List.of(), null);
  static final ResourceType NAMESPACE =
      new ResourceType("", "v1", "Namespace", "namespaces", "namespace", false, List.of("ns"), true, List.of(), null);
  static final ResourceType EVENT =
      new ResourceType("", "v1", "Event", "events", "event", true, List.of("ev"), false, List.of(), null);
  static final ResourceType INGRESS = new ResourceType("networking.k8s.io", "v1", "Ingress", "ingresses", "ingress",
      true, List.of("ing"), true, List.of(), null);
  static final ResourceType LEASE = new ResourceType("coordination.k8s.io", "v1", "Lease", "leases", "lease", true,
      List.of(), false, List.of(), null);
  static final ResourceType CRD = new ResourceType("apiextensions.k8s.io", "v1", "CustomResourceDefinition",
      "customresourcedefinitions", "customresourcedefinition", false, List.of("crd", "crds"), true, List.of(), null);
  static final ResourceType CONFIGMAP =
      new ResourceType("", "v1", "ConfigMap", "configmaps", "configmap", true, List.of("cm"), false, List.of(), null);

  static final List<ResourceType> ALL = List.of(EXPOSEDAPP, SERVICE, NAMESPACE, EVENT, INGRESS, LEASE, CRD);

  private Fixtures() {
  }
}
