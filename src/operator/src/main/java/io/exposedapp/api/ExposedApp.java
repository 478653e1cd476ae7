package io.exposedapp.api;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * ExposedApp ({@code exposedapp.io/v1alpha1}, short name {@code xapp}): exposes the pods matching a selector through a
 * NodePort Service that the operator owns. The CRD is generated from this class at build time into
 * {@code target/classes/META-INF/fabric8/exposedapps.exposedapp.io-v1.yml} and committed as
 * {@code crds/exposedapps.exposedapp.io-v1.yml}.
 */
@Group(ExposedApp.GROUP)
@Version(ExposedApp.VERSION)
@Kind("ExposedApp")
@Plural("exposedapps")
@Singular("exposedapp")
@ShortNames("xapp")
@AdditionalPrinterColumn(name = "NodePorts", jsonPath = ".status.ports", type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Assigned node ports as name:nodePort pairs")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING, getDescription = "Status of the Ready condition")
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING, priority = 1, getDescription = "Reason of the Ready condition")
@AdditionalPrinterColumn(name = "Service", jsonPath = ".status.serviceName", type = AdditionalPrinterColumn.Type.STRING,
    priority = 1, getDescription = "Name of the managed Service")
@AdditionalPrinterColumn(name = "Address", jsonPath = ".status.address", type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Host name of the ALB")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@SchemaCustomizer(value = JsonMergePatchCustomizer.class, input = """
    {
      "description": "ExposedApp exposes the pods matching spec.selector through one NodePort Service that the \
    operator creates and owns.",
      "properties": {
        "spec": {"description": "Desired state: the pods to expose and the ports of the NodePort Service."},
        "status": {"description": "Observed state, written by the operator through the status subresource."}
      }
    }""")
public class ExposedApp extends CustomResource<ExposedAppSpec, ExposedAppStatus> implements Namespaced {

  public static final String GROUP = "exposedapp.io";
  public static final String VERSION = "v1alpha1";
  /** The CRD's metadata.name. */
  public static final String CRD_NAME = "exposedapps." + GROUP;

  public ExposedApp() {
  }

  public ExposedApp(ExposedAppSpec spec) {
    setSpec(spec);
  }

  /**
   * Why the stored spec could not be read into {@link ExposedAppSpec}, when it could not: the API server accepted it
   * (a schema older or laxer than this model, or no schema at all) but the types do not fit, e.g. a port given as
   * "eighty". The spec is then null and the operator reports this instead of its informer failing on it.
   */
  @JsonIgnore
  public Optional<String> specReadError() {
    return Optional.ofNullable(specReadError);
  }

  @JsonIgnore
  private transient String specReadError;

  /**
   * Copies the read error of the object this one was cloned from: a clone through JSON (JOSDK clones every resource
   * it hands to a reconcile) would otherwise read a null spec with no error.
   */
  public void keepSpecReadErrorOf(ExposedApp original) {
    if (getSpec() == null && original.specReadError != null) {
      specReadError = original.specReadError;
    }
  }

  /**
   * Reads the spec leniently: one unreadable ExposedApp must not stop the informer that every other app depends on.
   */
  @JsonSetter("spec")
  void readSpec(JsonNode raw) {
    try {
      setSpec(raw == null || raw.isNull() ? null : SPEC_READER.treeToValue(raw, ExposedAppSpec.class));
      specReadError = null;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      setSpec(null);
      specReadError = e instanceof JsonMappingException m && !m.getPath().isEmpty()
          ? fieldPath(m) + ": " + m.getOriginalMessage()
          : e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }
  }

  /** Where in the spec reading failed, as a field path: {@code spec.ports[0].port}. */
  private static String fieldPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder("spec");
    for (JsonMappingException.Reference step : e.getPath()) {
      if (step.getFieldName() != null) {
        path.append('.').append(step.getFieldName());
      } else if (step.getIndex() >= 0) {
        path.append('[').append(step.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static final ObjectMapper SPEC_READER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
}
