package io.exposedapp.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * NodePortPool ({@code exposedapp.io/v1alpha1}, cluster-scoped, short name {@code npp}): a band of the cluster's
 * nodePort range that the ExposedApps of selected namespaces draw new nodePorts from. The CRD is generated from this
 * class like ExposedApp's and committed as {@code crds/nodeportpools.exposedapp.io-v1.yml}.
 */
@Group(ExposedApp.GROUP)
@Version(ExposedApp.VERSION)
@Kind("NodePortPool")
@Plural("nodeportpools")
@Singular("nodeportpool")
@ShortNames("npp")
@AdditionalPrinterColumn(name = "Ranges", jsonPath = ".status.ranges", type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "The pool's bands, as spec.ranges says them")
@AdditionalPrinterColumn(name = "Used", jsonPath = ".status.used", type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "nodePorts of the pool held by any Service or ExposedApp")
@AdditionalPrinterColumn(name = "Free", jsonPath = ".status.free", type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "nodePorts of the pool nobody holds")
@AdditionalPrinterColumn(name = "Size", jsonPath = ".status.size", type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1, getDescription = "nodePorts in the pool's ranges")
@AdditionalPrinterColumn(name = "Largest-Free-Block", jsonPath = ".status.largestFreeBlock",
    type = AdditionalPrinterColumn.Type.INTEGER, priority = 1,
    getDescription = "Most consecutive free nodePorts")
@AdditionalPrinterColumn(name = "Namespaces", jsonPath = ".status.namespaceCount",
    type = AdditionalPrinterColumn.Type.INTEGER, priority = 1,
    getDescription = "Namespaces holding nodePorts of the pool")
@AdditionalPrinterColumn(name = "Priority", jsonPath = ".spec.priority", type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1, getDescription = "Lowest is drawn from first")
@AdditionalPrinterColumn(name = "Default", jsonPath = ".spec.default", type = AdditionalPrinterColumn.Type.BOOLEAN,
    priority = 1, getDescription = "Serves namespaces no pool selects")
@AdditionalPrinterColumn(name = "Valid", jsonPath = ".status.conditions[?(@.type==\"Valid\")].status",
    type = AdditionalPrinterColumn.Type.STRING, priority = 1, getDescription = "Status of the Valid condition")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@SchemaCustomizer(value = JsonMergePatchCustomizer.class, input = """
    {
      "description": "NodePortPool is a band of the cluster's nodePort range that the ExposedApps of the namespaces it \
    selects draw new nodePorts from. Cluster-scoped; with no NodePortPool at all, apps draw from the operator's whole \
    range.",
      "properties": {
        "spec": {"description": "Desired state: the pool's ranges, the namespaces it serves, its priority and quota."},
        "status": {"description": "Observed state, written by the operator through the status subresource."}
      }
    }""")
public class NodePortPool extends CustomResource<NodePortPoolSpec, NodePortPoolStatus> {

  /** The CRD's metadata.name. */
  public static final String CRD_NAME = "nodeportpools." + ExposedApp.GROUP;

  public NodePortPool() {
  }

  public NodePortPool(NodePortPoolSpec spec) {
    setSpec(spec);
  }
}
