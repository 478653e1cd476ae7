package io.exposedapp.apiserver.merge;
import java.util.List;
// PLACEHOLDER until helper delivers
public class ApplyConflictException extends RuntimeException {
  public record Conflict(String manager, String field) {}
  public ApplyConflictException(List<Conflict> c) { super("conflict"); this.conflicts = c; }
  private final List<Conflict> conflicts;
  public List<Conflict> conflicts() { return conflicts; }
}
