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
 * @param userId the {@code sub} claim
 * @param username the {@code username} claim
 * @param sessionId the {@code sid} claim; null for tokens not tied to a login session
 * @param tokenId the {@code jti} claim
 * @param roles the {@code roles} claim
 * @param issuedAt the {@code iat} claim (whole seconds)
 * @param expiresAt the {@code exp} claim (whole seconds)
 */
public record Principal(
    UserId userId,
    String username,
    @Nullable SessionId sessionId,
    String tokenId,
    Set<String> roles,
    Instant issuedAt,
    Instant expiresAt) {

  /** Validates and copies. */
  public Principal {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    roles = Set.copyOf(roles);
  }

  /** Whether the token carries {@code role}. */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
