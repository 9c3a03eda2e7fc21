package dev.latchkey.auth.core.user;

import dev.latchkey.auth.core.ConflictException;
import java.util.Optional;

/**
 * Persists users. Usernames and emails are unique and compare case-insensitively (by
 * {@link Identifiers#normalize(String)}).
 *
 * <p>Implementations are thread-safe, return copies (never live objects), and translate their failures: a duplicate is
 * a {@link ConflictException}, an unreachable backend a {@link dev.latchkey.auth.core.StoreUnavailableException}.
 *
 * <p>They also keep one invariant atomically, even under concurrent changes: once an active administrator exists, an
 * update or delete that would leave none fails with {@link dev.latchkey.auth.core.LastAdminException}.
 */
public interface UserStore {

  /**
   * Stores a new user.
   *
   * @throws ConflictException when the id, the username or the email is already taken
   */
  void create(User user);

  /** The user with this id, if any. */
  Optional<User> findById(UserId id);

  /**
   * The user with this id, for display only (a "who am I" page): an adapter may answer from a cache that lags a change
   * made on another instance by its change feed's delivery time. Flows that decide access or issue tokens use
   * {@link #findById}. By default the same as {@link #findById}.
   */
  default Optional<User> findProfile(UserId id) {
    return findById(id);
  }

  /** The user whose username equals {@code username} case-insensitively, if any. */
  Optional<User> findByUsername(String username);

  /** The user whose email equals {@code email} case-insensitively, if any. */
  Optional<User> findByEmail(String email);

  /**
   * Replaces a user if the stored version is still {@code expectedVersion} (compare-and-set).
   *
   * @return false when the user is gone or was changed concurrently; nothing is written then
   * @throws ConflictException when the new username or email belongs to another user
   * @throws dev.latchkey.auth.core.LastAdminException when it would demote or disable the last active admin
   */
  boolean update(User user, long expectedVersion);

  /**
   * Deletes a user; idempotent.
   *
   * @return whether a user was deleted
   * @throws dev.latchkey.auth.core.LastAdminException when it is the last active admin
   */
  boolean delete(UserId id);
}
