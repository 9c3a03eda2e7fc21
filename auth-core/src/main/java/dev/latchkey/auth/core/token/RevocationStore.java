package dev.latchkey.auth.core.token;

import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.user.UserId;
import java.time.Instant;

/**
 * Remembers revoked access tokens until they would have expired anyway: single tokens (by {@code jti}), whole
 * sessions (by {@code sid}) and everything a user was issued before a moment (a per-user "valid after" epoch).
 *
 * <p>Entries past their {@code until} may be forgotten. Implementations are thread-safe and see their own writes at
 * once.
 */
public interface RevocationStore {

  /**
   * Revokes one access token of {@code userId} (its subject) until {@code until} (its expiry). Idempotent. The user
   * lets a store keep all of a user's revocations together (one Redis Cluster slot, one round trip per check).
   */
  void revokeToken(UserId userId, String tokenId, Instant until);

  /** Revokes every access token of one of {@code userId}'s sessions until {@code until}. Idempotent. */
  void revokeSession(UserId userId, SessionId sessionId, Instant until);

  /**
   * Revokes every token of a user issued before {@code validAfter} (to the precision of
   * {@link AccessTokens#issueTimeOf(java.time.Instant)}, about a quarter of a microsecond); kept until {@code until}. The epoch only moves forward: an earlier {@code validAfter} than the stored one is ignored.
   */
  void revokeUserBefore(UserId userId, Instant validAfter, Instant until);

  /** Whether the token is revoked by its id, its session, or its user's epoch ({@code issuedAt} before it). */
  boolean isRevoked(Principal principal);
}
