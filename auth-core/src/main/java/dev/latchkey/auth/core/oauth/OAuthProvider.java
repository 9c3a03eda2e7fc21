package dev.latchkey.auth.core.oauth;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A configured identity provider. The client secret is held only encrypted (the OAuth module encrypts it with
 * AES-GCM under a configured key before it reaches a store); {@link #toString()} leaves it out.
 *
 * @param name a unique lower-case slug used in URLs, such as {@code google}
 * @param displayName what the login page shows
 * @param type the provider's kind
 * @param clientId the OAuth client id
 * @param encryptedClientSecret the client secret, encrypted; never the plain secret
 * @param issuer the OIDC issuer (required for {@link ProviderType#OIDC}), or null
 * @param scopes the scopes requested
 * @param enabled whether users can log in with it
 * @param trustEmailVerified whether the provider's {@code email_verified} is believed (see
 *     {@link ProviderSettings#trustEmailVerified()})
 * @param local whether its issuer and endpoints may be on loopback or private addresses (see
 *     {@link ProviderSettings#local()})
 * @param createdAt when it was configured
 */
public record OAuthProvider(
    String name,
    String displayName,
    ProviderType type,
    String clientId,
    String encryptedClientSecret,
    @Nullable String issuer,
    Set<String> scopes,
    boolean enabled,
    boolean trustEmailVerified,
    boolean local,
    Instant createdAt) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  /** Validates and copies. */
  public OAuthProvider {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(encryptedClientSecret, "encryptedClientSecret");
    Objects.requireNonNull(createdAt, "createdAt");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a provider name is 1-32 lower-case letters, digits or '-'");
    }
    if (type == ProviderType.OIDC && (issuer == null || issuer.isBlank())) {
      throw new IllegalArgumentException("an OIDC provider needs an issuer");
    }
    scopes = Set.copyOf(scopes);
  }

  /** A provider with the type's default trust in {@code email_verified}, not local. */
  public OAuthProvider(String name, String displayName, ProviderType type, String clientId,
      String encryptedClientSecret, @Nullable String issuer, Set<String> scopes, boolean enabled, Instant createdAt) {
    this(name, displayName, type, clientId, encryptedClientSecret, issuer, scopes, enabled,
        ProviderSettings.trustsEmailVerifiedByDefault(type), false, createdAt);
  }

  /** A copy enabled or disabled. */
  public OAuthProvider withEnabled(boolean newEnabled) {
    return new OAuthProvider(name, displayName, type, clientId, encryptedClientSecret, issuer, scopes, newEnabled,
        trustEmailVerified, local, createdAt);
  }

  /** A copy with another creation time (a store keeps the first one on update). */
  public OAuthProvider withCreatedAt(Instant newCreatedAt) {
    return new OAuthProvider(name, displayName, type, clientId, encryptedClientSecret, issuer, scopes, enabled,
        trustEmailVerified, local, newCreatedAt);
  }

  @Override
  public String toString() {
    return "OAuthProvider[name=" + name + ", type=" + type + ", clientId=" + clientId + ", issuer=" + issuer
        + ", enabled=" + enabled + ", trustEmailVerified=" + trustEmailVerified + ", local=" + local
        + ", clientSecret=redacted]";
  }
}
