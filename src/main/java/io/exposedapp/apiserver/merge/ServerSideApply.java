package io.exposedapp.apiserver.merge;
import com.fasterxml.jackson.databind.node.ObjectNode;
// PLACEHOLDER until helper delivers
public final class ServerSideApply {
  public record ApplyRequest(String manager, boolean force, String subresource, boolean statusSubresourceEnabled, String apiVersion, String timestamp, ListSchema schema) {}
  public record Result(ObjectNode object, boolean changed) {}
  public static Result apply(ObjectNode live, ObjectNode applied, ApplyRequest req) {
    ObjectNode merged = live == null ? applied.deepCopy() : (ObjectNode) MergePatch.apply(live, applied);
    return new Result(merged, live == null || !merged.equals(live));
  }
  public static ObjectNode recordUpdate(ObjectNode before, ObjectNode after, String manager, String operation, String apiVersion, String timestamp, String subresource, ListSchema schema) { return after; }
}
