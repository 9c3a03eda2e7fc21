package dev.latchkey.auth.core.token;

import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.user.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who a verified access token speaks for.
 *
 * @param userId the {@code sub} claim: the user, or for a client token the API key's id (see {@code clientId})
 * @param username the {@code username} claim
 * @param sessionId the {@code sid} claim; null for tokens not tied to a login session
 * @param tokenId the {@code jti} claim
 * @param roles the {@code roles} claim
 * @param issuedAt when the token was issued, to a quarter microsecond (from its UUIDv7 {@code jti}; else {@code iat})
 * @param expiresAt the {@code exp} claim (whole seconds)
 * @param clientId the {@code client_id} claim of a token issued to an API key (client credentials); null for users
 */
public record Principal(
    UserId userId,
    String username,
    @Nullable SessionId sessionId,
    String tokenId,
    Set<String> roles,
    Instant issuedAt,
    Instant expiresAt,
    @Nullable String clientId) {

  /** Validates and copies. */
  public Principal {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    roles = Set.copyOf(roles);
  }

  /** A user's principal (no client id). */
  public Principal(UserId userId, String username, @Nullable SessionId sessionId, String tokenId, Set<String> roles,
      Instant issuedAt, Instant expiresAt) {
    this(userId, username, sessionId, tokenId, roles, issuedAt, expiresAt, null);
  }

  /** Whether this is a service's token (client credentials) rather than a user's. */
  public boolean isClient() {
    return clientId != null;
  }

  /** Whether the token carries {@code role}. */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
