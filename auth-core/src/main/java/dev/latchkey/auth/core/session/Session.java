package dev.latchkey.auth.core.session;

import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A login session and the state of its refresh-token family. Immutable.
 *
 * @param id the session id ({@code sid})
 * @param userId the owner
 * @param refreshHash SHA-256 of the one refresh token that rotates normally
 * @param previousHash SHA-256 of the token {@code refreshHash} replaced; accepted again within the grace window so a
 *     client that lost a response can retry
 * @param rotatedAt when {@code previousHash} was replaced, which starts the grace window
 * @param spentHashes hashes of earlier tokens of this family, newest first and bounded; presenting one is reuse
 * @param generation how many rotations the family has seen
 * @param createdAt when the user logged in
 * @param lastUsedAt the last login or refresh
 * @param idleExpiresAt when the session ends unless refreshed
 * @param absoluteExpiresAt when the session ends whatever happens
 * @param userAgent the client's user agent at login, for session listings
 * @param ip the client's address at login, for session listings
 */
public record Session(
    SessionId id,
    UserId userId,
    TokenHash refreshHash,
    @Nullable TokenHash previousHash,
    @Nullable Instant rotatedAt,
    List<TokenHash> spentHashes,
    long generation,
    Instant createdAt,
    Instant lastUsedAt,
    Instant idleExpiresAt,
    Instant absoluteExpiresAt,
    @Nullable String userAgent,
    @Nullable String ip) {

  /** Validates and copies. */
  public Session {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(refreshHash, "refreshHash");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    Objects.requireNonNull(idleExpiresAt, "idleExpiresAt");
    Objects.requireNonNull(absoluteExpiresAt, "absoluteExpiresAt");
    spentHashes = List.copyOf(spentHashes);
    if ((previousHash == null) != (rotatedAt == null)) {
      throw new IllegalArgumentException("previousHash and rotatedAt go together");
    }
    if (idleExpiresAt.isAfter(absoluteExpiresAt)) {
      throw new IllegalArgumentException("idleExpiresAt must not be after absoluteExpiresAt");
    }
  }

  /** A new session at generation 0. */
  public static Session start(SessionId id, UserId userId, TokenHash refreshHash, Instant now, RefreshPolicy policy,
      @Nullable String userAgent, @Nullable String ip) {
    Instant absolute = now.plus(policy.absoluteLifetime());
    Instant idle = min(now.plus(policy.idleTimeout()), absolute);
    return new Session(id, userId, refreshHash, null, null, List.of(), 0, now, now, idle, absolute, userAgent, ip);
  }

  /** When the session ends: the earlier of its idle and absolute expiry. */
  public Instant expiresAt() {
    return idleExpiresAt;
  }

  /** Whether the session has ended at {@code now} (expiry is exclusive: at the expiry instant it is over). */
  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(idleExpiresAt);
  }

  static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
