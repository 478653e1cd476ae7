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
 * by default {@code ~/.kubeapitest/k8s/...}: the version {@code -Dkube.version=1.31.4} names, else the newest there.
 * Its {@code main} is the real-apiserver tier's preflight: it stops the build at once, with one line, where they are
 * missing.
 */
public final class RealApiServerBinaries {

  /** The system property (a Maven -D) that chooses the Kubernetes version of the tier. */
  public static final String VERSION_PROPERTY = "kube.version";

  public static final String MISSING = "real-apiserver tier: no kube-apiserver, etcd and kubectl in "
      + root().resolve("k8s") + "/" + (wanted().isPresent() ? wanted().get() : "<version>")
      + "-linux-amd64/ (KUBE_API_TEST_DIR moves it; -D"
      + VERSION_PROPERTY + " chooses the version); kube-api-test downloads them there where the internet is "
      + "reachable, else place them there by hand (docs/development.md, 'The real-apiserver tier')";

  /** The version asked for with {@code -Dkube.version}, if any. */
  static Optional<String> wanted() {
    String version = System.getProperty(VERSION_PROPERTY, "").strip();
    return version.isEmpty() ? Optional.empty() : Optional.of(version.startsWith("v") ? version.substring(1) : version);
  }

  /** The Kubernetes version of the binaries {@link #find()} found, e.g. {@code 1.31.4}. */
  public static String version(Path binaries) {
    return binaries.getFileName().toString().replace("-linux-amd64", "");
  }

  private RealApiServerBinaries() {
  }

  static Path root() {
    String dir = System.getenv("KUBE_API_TEST_DIR");
    return dir != null && !dir.isEmpty() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".kubeapitest");
  }

  /** The directory of the newest complete set of binaries, if any. */
  public static Optional<Path> find() {
    Path k8s = root().resolve("k8s");
    if (!Files.isDirectory(k8s)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(k8s)) {
      return dirs.filter(d -> d.getFileName().toString().endsWith("-linux-amd64"))
          .filter(d -> wanted().map(v -> version(d).equals(v)).orElse(true))
          .filter(d -> List.of("kube-apiserver", "etcd", "kubectl").stream()
              .allMatch(b -> Files.isExecutable(d.resolve(b))))
          .max(Comparator.comparing(d -> d.getFileName().toString(), RealApiServerBinaries::compareVersions));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** 1.9.0 before 1.26.1 before 1.31.4: by number, not by text. */
  private static int compareVersions(String a, String b) {
    String[] x = a.replace("-linux-amd64", "").split("\\.");
    String[] y = b.replace("-linux-amd64", "").split("\\.");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
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
