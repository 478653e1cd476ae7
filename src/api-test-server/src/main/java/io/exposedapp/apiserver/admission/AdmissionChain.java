package io.exposedapp.apiserver.admission;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.exposedapp.apiserver.api.ResourceType;

/** The ordered admission plugins: every mutating step first, then every validating step, as kube-apiserver runs them. */
public final class AdmissionChain {

  private final List<AdmissionPlugin> plugins;

  public AdmissionChain(List<AdmissionPlugin> plugins) {
    this.plugins = List.copyOf(plugins);
  }

  /**
   * Admits a create ({@code oldObject} null) or an update of {@code object}, which it may change; throws the refusal.
   */
  public void admit(ResourceType type, ObjectNode oldObject, ObjectNode object) {
    AdmissionPlugin.Attributes attributes = new AdmissionPlugin.Attributes(type, oldObject, object);
    plugins.forEach(plugin -> plugin.mutate(attributes));
    plugins.forEach(plugin -> plugin.validate(attributes));
  }
}
