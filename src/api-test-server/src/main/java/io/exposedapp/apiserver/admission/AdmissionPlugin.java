package io.exposedapp.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.exposedapp.apiserver.api.ResourceType;
import io.exposedapp.apiserver.api.ApiException;

/**
 * One step of admission, as kube-apiserver's admission plugins and registry strategies: every create and update of
 * an object passes each plugin's {@link #mutate} in order, then each plugin's {@link #validate} in order
 * ({@link AdmissionChain}). Either answers a refusal by throwing an {@link io.exposedapp.apiserver.api.ApiException}.
 */
public interface AdmissionPlugin {

  /**
   * The write being admitted.
   *
   * @param type the object's kind
   * @param oldObject what is stored now; null on create
   * @param object what will be stored; plugins change it in the mutating phase only
   */
  record Attributes(ResourceType type, ObjectNode oldObject, ObjectNode object) {

    public boolean isCreate() {
      return oldObject == null;
    }

    public boolean is(String group, String plural) {
      return type.group().equals(group) && type.plural().equals(plural);
    }

    public String name() {
      return object.path("metadata").path("name").asText();
    }

    public String namespace() {
      return object.path("metadata").path("namespace").asText(null);
    }
  }

  /** Defaults, allocations, pruning: may change {@code attributes.object()}. */
  default void mutate(Attributes attributes) {
  }

  /** Checks only: must not change the object. */
  default void validate(Attributes attributes) {
  }
}
