package dev.latchkey.auth.core.service;

import dev.latchkey.auth.core.token.TokenHash;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A service credential. Its secret is shown once at creation and only its SHA-256 is stored.
 *
 * @param id the key id
 * @param name what it is for
 * @param secretHash SHA-256 of the secret
 * @param roles the roles its tokens carry
 * @param service the service it is scoped to, if any
 * @param createdAt when it was created
 * @param expiresAt when it stops working, if ever
 * @param lastUsedAt when it last authenticated, if ever
 */
public record ApiKey(
    ApiKeyId id,
    String name,
    TokenHash secretHash,
    Set<String> roles,
    @Nullable ServiceId service,
    Instant createdAt,
    @Nullable Instant expiresAt,
    @Nullable Instant lastUsedAt) {

  /** Validates and copies. */
  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(secretHash, "secretHash");
    Objects.requireNonNull(createdAt, "createdAt");
    roles = Set.copyOf(roles);
  }

  /** Whether it has expired at {@code now} (exclusive). */
  public boolean isExpiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /** A copy that was used at {@code at}. */
  public ApiKey usedAt(Instant at) {
    return new ApiKey(id, name, secretHash, roles, service, createdAt, expiresAt, at);
  }
}
