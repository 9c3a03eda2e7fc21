package dev.latchkey.auth.core.session;

import dev.latchkey.auth.core.user.UserId;
import java.util.List;
import java.util.Optional;

/**
 * Persists sessions and their refresh-token families. Only hashes of refresh tokens are stored.
 *
 * <p>Expiry is the store's business: a session is invisible from its {@link Session#expiresAt()} on, by the clock the
 * store was given. Implementations are thread-safe; a session deleted or expired is never brought back by a late write
 * (every change is a compare-and-set, never a blind write).
 */
public interface SessionStore {

  /**
   * Stores a new session.
   *
   * @throws dev.latchkey.auth.core.ConflictException when the id exists
   */
  void create(Session session);

  /** The live session with this id, if any. */
  Optional<Session> find(SessionId id);

  /** The user's live sessions, oldest first. */
  List<Session> listByUser(UserId userId);

  /**
   * Atomically applies {@link Rotation#decide(Session)} to the live session with this id: stores the rotated session,
   * deletes a session whose token was reused, or changes nothing. Of concurrent rotations each sees the state the
   * previous one left.
   */
  RotationResult rotate(SessionId id, Rotation rotation);

  /**
   * Deletes a session; idempotent.
   *
   * @return whether a live session was deleted
   */
  boolean delete(SessionId id);

  /**
   * Deletes every session of a user; idempotent.
   *
   * @return the deleted sessions, so that callers can revoke their access tokens
   */
  List<Session> deleteByUser(UserId userId);

  /** How many sessions are live (of any user), by the store's clock; for administration, may scan. */
  long countLive();
}
