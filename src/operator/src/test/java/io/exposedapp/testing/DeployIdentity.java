package io.exposedapp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The operator's identity as deploy/ installs it: its Namespace, ServiceAccount, Roles, ClusterRoles and bindings,
 * applied unchanged from the files of deploy/kustomization.yaml, and a token of that ServiceAccount from the
 * TokenRequest API (what a pod's projected token is). Works on any API server that serves TokenRequest.
 */
public final class DeployIdentity {

  private static final Path DEPLOY = Path.of("deploy");
  private static final Set<String> IDENTITY_KINDS = Set.of("Namespace", "ServiceAccount", "Role", "RoleBinding",
      "ClusterRole", "ClusterRoleBinding");

  private DeployIdentity() {
  }

  /** The identity objects of deploy/, in the order of its kustomization. */
  public static List<HasMetadata> objects(KubernetesClient client) {
    try {
      JsonNode kustomization = new ObjectMapper(new YAMLFactory())
          .readTree(Files.readString(DEPLOY.resolve("kustomization.yaml")));
      List<HasMetadata> objects = new ArrayList<>();
      for (JsonNode file : kustomization.path("resources")) {
        try (InputStream in = Files.newInputStream(DEPLOY.resolve(file.asText()))) {
          client.load(in).items().stream().filter(o -> IDENTITY_KINDS.contains(o.getKind())).forEach(objects::add);
        }
      }
      return objects;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Applies deploy/'s identity objects (as an administrator) and returns a token of its ServiceAccount. */
  public static String install(KubernetesClient admin) {
    List<HasMetadata> objects = objects(admin);
    objects.forEach(o -> admin.resource(o).forceConflicts().serverSideApply());
    ServiceAccount account = objects.stream().filter(ServiceAccount.class::isInstance)
        .map(ServiceAccount.class::cast).findFirst().orElseThrow();
    TokenRequest issued = admin.serviceAccounts().inNamespace(account.getMetadata().getNamespace())
        .withName(account.getMetadata().getName())
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build());
    return issued.getStatus().getToken();
  }

  /** A client configuration that authenticates with the token instead of the administrator's credentials. */
  public static Config as(Config admin, String token) {
    return new ConfigBuilder(admin).withOauthToken(token).withUsername(null).withPassword(null)
        .withClientCertData(null).withClientCertFile(null).withClientKeyData(null).withClientKeyFile(null).build();
  }
}
