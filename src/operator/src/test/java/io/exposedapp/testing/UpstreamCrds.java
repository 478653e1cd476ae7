package io.exposedapp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * CRDs of other projects exactly as they publish them, read from {@code ../shared/upstream-crds/} beside the checkout
 * (never copied into the repository): Gateway API's standard channel and the AWS Load Balancer Controller's gateway
 * CRDs. Where the folder is absent, the test class is skipped, saying so.
 */
public final class UpstreamCrds {

  /** Relative to the repository root, the tests' working directory. */
  public static final Path ROOT = Path.of("..", "shared", "upstream-crds");
  public static final String GATEWAY_API_V1_6_1 = "gateway-api-v1.6.1";
  /** {@code gateway.k8s.aws} v1 stored and v1beta1 served (deprecated). */
  public static final String LBC_V3_5_0 = "aws-load-balancer-controller-v3.5.0";
  /** {@code gateway.k8s.aws} v1beta1 only (LBC v2.13 to v3.4). */
  public static final String LBC_V3_0_0 = "aws-load-balancer-controller-v3.0.0";
  /** Gateway API v1.6.1's experimental channel: the layer-4 routes, and the safe-upgrades admission policy. */
  public static final String GATEWAY_API_V1_6_1_EXPERIMENTAL = "gateway-api-v1.6.1-experimental";
  /** The admission policy (and its binding) of the channel that refuses experimental CRDs over standard ones. */
  public static final String SAFE_UPGRADES = "safe-upgrades.gateway.networking.k8s.io";

  private UpstreamCrds() {
  }

  /** The CRDs of these folders, in file order; skips the caller where a folder is missing. */
  public static List<HasMetadata> of(String... folders) {
    List<HasMetadata> crds = new ArrayList<>();
    for (String folder : folders) {
      crds.addAll(files(folder, name -> true));
    }
    return crds;
  }

  /** The objects of one folder's files whose names {@code accept}, in file order; skips the caller where it is missing. */
  public static List<HasMetadata> files(String folder, java.util.function.Predicate<String> accept) {
    List<HasMetadata> crds = new ArrayList<>();
    Path dir = ROOT.resolve(folder);
    Assumptions.assumeTrue(Files.isDirectory(dir), () -> "needs the upstream CRDs in " + dir.toAbsolutePath()
        + " (not part of the repository)");
    try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".yaml"))
            .filter(f -> accept.test(f.getFileName().toString())).sorted().toList()) {
          try (InputStream in = Files.newInputStream(file)) {
            Object loaded = Serialization.unmarshal(in);
            if (loaded instanceof List<?> list) {
              list.forEach(item -> crds.add((HasMetadata) item));
            } else if (loaded instanceof io.fabric8.kubernetes.api.model.KubernetesList list) {
              crds.addAll(list.getItems());
            } else if (loaded != null) {
              crds.add((HasMetadata) loaded);
            }
          }
        }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return crds;
  }
}
