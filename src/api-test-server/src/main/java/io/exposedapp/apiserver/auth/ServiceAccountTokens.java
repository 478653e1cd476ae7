package io.exposedapp.apiserver.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exposedapp.apiserver.api.ApiException;
import io.exposedapp.apiserver.api.ResourceType;
import io.exposedapp.apiserver.storage.ObjectStore;

/**
 * Authentication by ServiceAccount tokens, as kube-apiserver does it for a pod: the TokenRequest API
 * ({@code POST .../serviceaccounts/NAME/token}) issues a bearer token, and a request carrying it authenticates as
 * {@code system:serviceaccount:NAMESPACE:NAME} for as long as the ServiceAccount exists. The tokens are opaque, not
 * JWTs. A request without credentials authenticates as an administrator (see {@link Rbac.User#ADMIN}); one with an
 * unknown token gets 401.
 */
public final class ServiceAccountTokens {

  private static final String SERVICE_ACCOUNTS = "serviceaccounts";
  private static final Duration DEFAULT_EXPIRATION = Duration.ofHours(1);

  private final ObjectStore store;
  private final Clock clock;
  private final Map<String, ServiceAccount> tokens = new ConcurrentHashMap<>();

  private record ServiceAccount(String namespace, String name) {
  }

  public ServiceAccountTokens(ObjectStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Who the {@code Authorization} header authenticates as; empty for a token this server does not know. */
  public Optional<Rbac.User> authenticate(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return Optional.of(Rbac.User.ADMIN);
    }
    ServiceAccount account = tokens.get(authorization.substring("Bearer ".length()).trim());
    if (account == null || store.get(SERVICE_ACCOUNTS, account.namespace(), account.name()) == null) {
      return Optional.empty();
    }
    return Optional.of(Rbac.User.serviceAccount(account.namespace(), account.name()));
  }

  /** Answers a TokenRequest for the ServiceAccount. */
  public ObjectNode issue(ResourceType serviceAccounts, String namespace, String name, JsonNode request) {
    if (store.get(SERVICE_ACCOUNTS, namespace, name) == null) {
      throw ApiException.notFound(serviceAccounts, name);
    }
    String token = "apitestserver." + UUID.randomUUID();
    tokens.put(token, new ServiceAccount(namespace, name));
    long seconds = request.path("spec").path("expirationSeconds").asLong(DEFAULT_EXPIRATION.toSeconds());
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.put("apiVersion", "authentication.k8s.io/v1");
    answer.put("kind", "TokenRequest");
    ObjectNode metadata = answer.putObject("metadata");
    metadata.put("name", name);
    metadata.put("namespace", namespace);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    metadata.put("creationTimestamp", now.toString());
    ObjectNode spec = answer.putObject("spec");
    spec.set("audiences", request.path("spec").path("audiences").isArray()
        ? request.path("spec").path("audiences").deepCopy()
        : JsonNodeFactory.instance.arrayNode().add("https://kubernetes.default.svc"));
    spec.put("expirationSeconds", seconds);
    ObjectNode status = answer.putObject("status");
    status.put("token", token);
    status.put("expirationTimestamp", now.plusSeconds(seconds).toString());
    return answer;
  }

  public static ApiException unauthorized() {
    return new ApiException(401, "Unauthorized", "Unauthorized", null, null, List.of());
  }
}
