package io.exposedapp.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * kube-apiserver's audit log (level Metadata, {@link BenchApiServer}): the requests of one client, by User-Agent,
 * between two marks, counted by kind as {@link Benchmarks.ApiCalls} counts the API test server's.
 */
final class AuditLog {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  AuditLog(Path file) {
    this.file = file;
  }

  /** Where the log ends now: the requests completed before this are not counted from it. */
  long mark() {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The requests of {@code userAgent} logged since {@code from} ({@link #mark()}), by "VERB resource[/subresource]";
   * a watch is counted when it starts, every other request when it completes.
   */
  Benchmarks.ApiCalls since(long from, String userAgent) {
    Map<String, Integer> byKind = new TreeMap<>();
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      in.seek(from);
      String raw;
      while ((raw = in.readLine()) != null) {
        String line = new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        if (!line.contains(userAgent)) {
          continue;
        }
        JsonNode event = JSON.readTree(line);
        if (!userAgent.equals(event.path("userAgent").asText())) {
          continue;
        }
        String verb = event.path("verb").asText();
        String stage = event.path("stage").asText();
        if (!(verb.equals("watch") ? stage.equals("ResponseStarted") : stage.equals("ResponseComplete"))) {
          continue;
        }
        JsonNode ref = event.path("objectRef");
        String resource = ref.path("resource").asText(event.path("requestURI").asText());
        String sub = ref.path("subresource").asText("");
        byKind.merge(verb.toUpperCase() + " " + resource + (sub.isEmpty() ? "" : "/" + sub), 1, Integer::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Benchmarks.ApiCalls(byKind);
  }
}
