package io.exposedapp.api;

/**
 * The schema of a {@code status.conditions} list (metav1.Condition), for the CRD generator's customizers: fabric8's
 * {@link io.fabric8.kubernetes.api.model.Condition} has neither descriptions nor required fields, and {@code type} is
 * the list-map key, so kube-apiserver requires it to be required.
 */
final class ConditionsSchema {

  /** The value of a {@code "conditions"} property, JSON. */
  static final String JSON = """
      {
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["type"],
        "items": {
          "required": ["type", "status"],
          "properties": {
            "type": {"description": "Type of condition in CamelCase.", "maxLength": 316},
            "status": {"description": "Status of the condition: True, False or Unknown.", \
      "enum": ["True", "False", "Unknown"]},
            "reason": {"description": "Machine-readable CamelCase reason for the last transition.", \
      "maxLength": 1024},
            "message": {"description": "Human-readable details about the last transition.", "maxLength": 32768},
            "lastTransitionTime": {"description": "When the condition last changed status (RFC 3339).", \
      "format": "date-time"},
            "observedGeneration": {"description": "metadata.generation the condition was computed from.", \
      "minimum": 0}
          }
        }
      }""";

  private ConditionsSchema() {
  }
}
