package io.exposedapp.apiserver.api;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One kind the API test server serves: what discovery advertises, how paths map to the store, and the schema facts
 * (printer columns, OpenAPI schema) that kubectl and server-side apply need.
 *
 * @param openApiSchema the kind's OpenAPI v3 schema (for CRDs, {@code spec.versions[].schema.openAPIV3Schema});
 *        {@code null} for built-in kinds, whose list semantics come from a built-in table
 */
public record ResourceType(
    String group,
    String version,
    String kind,
    String plural,
    String singular,
    boolean namespaced,
    List<String> shortNames,
    boolean statusSubresource,
    List<PrinterColumn> printerColumns,
    JsonNode openApiSchema) {

  public ResourceType {
    shortNames = List.copyOf(shortNames);
    printerColumns = List.copyOf(printerColumns);
  }

  /** {@code v1} for the core group, {@code group/version} otherwise. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The store key of this kind's objects: group and plural (the version is not part of identity). */
  public String storeKey() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  public boolean isCustom() {
    return openApiSchema != null;
  }

  /**
   * An additional printer column as a CRD declares it ({@code jsonPath} is relative to the object, e.g.
   * {@code .status.nodePorts[*].nodePort}).
   */
  public record PrinterColumn(String name, String type, String format, String description, int priority, String jsonPath) {
  }
}
