package io.exposedapp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where kube-api-test finds kube-apiserver, etcd and kubectl: {@code $KUBE_API_TEST_DIR/k8s/<version>-linux-amd64/},
 * by default {@code ~/.kubeapitest/k8s/...}. Its {@code main} is the real-apiserver tier's preflight: it stops the
 * build at once, with one line, where they are missing.
 */
public final class RealApiServerBinaries {

  static final String MISSING = "real-apiserver tier: no kube-apiserver, etcd and kubectl in " + root().resolve("k8s")
      + "/<version>-linux-amd64/ (KUBE_API_TEST_DIR moves it); kube-api-test downloads them there where the internet"
      + " is reachable, else place them there by hand (README, 'The real-apiserver tier')";

  private RealApiServerBinaries() {
  }

  static Path root() {
    String dir = System.getenv("KUBE_API_TEST_DIR");
    return dir != null && !dir.isEmpty() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".kubeapitest");
  }

  /** The directory of the newest complete set of binaries, if any. */
  static Optional<Path> find() {
    Path k8s = root().resolve("k8s");
    if (!Files.isDirectory(k8s)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(k8s)) {
      return dirs.filter(d -> d.getFileName().toString().endsWith("-linux-amd64"))
          .filter(d -> List.of("kube-apiserver", "etcd", "kubectl").stream()
              .allMatch(b -> Files.isExecutable(d.resolve(b))))
          .max(Comparator.comparing(d -> d.getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void main(String[] args) {
    Optional<Path> binaries = find();
    if (binaries.isEmpty()) {
      System.err.println(MISSING);
      System.exit(1);
    }
    System.out.println("real-apiserver tier: binaries of " + binaries.get());
  }
}
