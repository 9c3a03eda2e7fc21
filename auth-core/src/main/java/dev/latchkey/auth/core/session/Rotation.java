package dev.latchkey.auth.core.session;

import dev.latchkey.auth.core.token.TokenHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One refresh-token rotation request, and the rules that decide it. Stores apply {@link #decide(Session)} atomically
 * (a lock, a conditional update or a script), so that of many concurrent rotations of one token exactly one lineage
 * survives.
 *
 * <p>The rules, in order, for a live session:
 * <ol>
 *   <li>the current token rotates: the replacement becomes current, the presented token becomes previous and spent;
 *   <li>the previous token within the grace window rotates again (a retry): the replacement becomes current and the
 *       token it displaces, never used, is forgotten, so presenting it later is merely invalid;
 *   <li>the previous token after the grace window, or any remembered spent token, is reuse: the session is revoked;
 *   <li>anything else is invalid and changes nothing (a guessed token cannot revoke a session).
 * </ol>
 *
 * @param presented hash of the token the client presented
 * @param replacement hash of the new token to issue
 * @param now the time of the request
 * @param policy lifetimes, grace and history depth
 */
public record Rotation(TokenHash presented, TokenHash replacement, Instant now, RefreshPolicy policy) {

  /** Requires every part. */
  public Rotation {
    Objects.requireNonNull(presented, "presented");
    Objects.requireNonNull(replacement, "replacement");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(policy, "policy");
  }

  /**
   * Decides this rotation against the stored session.
   *
   * @return {@link RotationResult.Rotated} with the session to store, {@link RotationResult.Reused} when the session
   *     must be deleted, or {@link RotationResult.Invalid} when nothing changes
   */
  public RotationResult decide(Session session) {
    if (session.isExpiredAt(now)) {
      return new RotationResult.Invalid();
    }
    if (presented.matches(session.refreshHash())) {
      List<TokenHash> spent = new ArrayList<>(session.spentHashes().size() + 1);
      spent.add(presented);
      spent.addAll(session.spentHashes());
      if (spent.size() > policy.reuseHistory()) {
        spent.subList(policy.reuseHistory(), spent.size()).clear();
      }
      return new RotationResult.Rotated(advance(session, presented, now, spent));
    }
    TokenHash previous = session.previousHash();
    Instant rotatedAt = session.rotatedAt();
    if (previous != null && rotatedAt != null && presented.matches(previous)) {
      if (now.isBefore(rotatedAt.plus(policy.reuseGrace()))) {
        return new RotationResult.Rotated(advance(session, previous, rotatedAt, session.spentHashes()));
      }
      return new RotationResult.Reused(session);
    }
    for (TokenHash spent : session.spentHashes()) {
      if (presented.matches(spent)) {
        return new RotationResult.Reused(session);
      }
    }
    return new RotationResult.Invalid();
  }

  private Session advance(Session s, TokenHash newPrevious, Instant newRotatedAt, List<TokenHash> spent) {
    Instant idle = Session.min(now.plus(policy.idleTimeout()), s.absoluteExpiresAt());
    return new Session(s.id(), s.userId(), replacement, newPrevious, newRotatedAt, spent, s.generation() + 1,
        s.createdAt(), now, idle, s.absoluteExpiresAt(), s.userAgent(), s.ip());
  }
}
