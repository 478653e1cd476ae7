package io.exposedapp.apiserver.merge;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A non-forced apply would change fields other managers own; the server answers 409 with one
 * {@code FieldManagerConflict} cause per entry of {@link #conflicts()}.
 */
public class ApplyConflictException extends RuntimeException {

  /**
   * @param manager the manager that owns the field
   * @param apiVersion the apiVersion of that manager's entry (for the "using v1" part of messages)
   * @param field the field path as the real server spells it, e.g. {@code .spec.replicas}
   */
  public record Conflict(String manager, String apiVersion, String field) {
    /** The cause message the real server writes, e.g. {@code conflict with "mgr" using v1}. */
    public String message() {
      return "conflict with \"" + manager + "\"" + (apiVersion == null || apiVersion.isEmpty() ? "" : " using " + apiVersion);
    }
  }

  private final List<Conflict> conflicts;

  public ApplyConflictException(List<Conflict> conflicts) {
    super(describe(conflicts));
    this.conflicts = List.copyOf(conflicts);
  }

  public List<Conflict> conflicts() {
    return conflicts;
  }

  private static String describe(List<Conflict> conflicts) {
    String head =
        "Apply failed with " + conflicts.size() + " conflict" + (conflicts.size() == 1 ? "" : "s") + ": ";
    return head + conflicts.stream().map(c -> c.message() + ": " + c.field()).collect(Collectors.joining("\n"));
  }
}
