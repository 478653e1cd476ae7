package io.exposedapp.apiserver.admission;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.exposedapp.apiserver.api.ApiException;

/**
 * kube-apiserver's Ingress validation on create (ValidateIngressCreate): the legacy class annotation next to
 * {@code spec.ingressClassName} is refused. On update only: an existing Ingress may get the field while keeping the
 * annotation, which is how it migrates.
 */
public final class IngressClassCheck implements AdmissionPlugin {

  static final String LEGACY_ANNOTATION = "kubernetes.io/ingress.class";

  @Override
  public void validate(Attributes attributes) {
    if (!attributes.isCreate() || !attributes.is("networking.k8s.io", "ingresses")) {
      return;
    }
    JsonNode annotation = attributes.object().path("metadata").path("annotations").path(LEGACY_ANNOTATION);
    if (annotation.isTextual() && attributes.object().path("spec").hasNonNull("ingressClassName")) {
      throw ApiException.invalid(attributes.type(), attributes.name(), List.of(new ApiException.Cause(
          "FieldValueInvalid", "Invalid value: \"" + annotation.asText() + "\": can not be set when the class field "
          + "is also set", "annotations." + LEGACY_ANNOTATION)));
    }
  }
}
