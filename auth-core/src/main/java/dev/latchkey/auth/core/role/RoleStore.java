package dev.latchkey.auth.core.role;

import dev.latchkey.auth.core.user.UserId;
import java.util.Set;

/**
 * Persists which roles a user holds; roles end up in the {@code roles} claim of access tokens. Role names are
 * case-sensitive. Thread-safe.
 */
public interface RoleStore {

  /** The user's roles; empty for a user without any (or an unknown user). */
  Set<String> rolesOf(UserId userId);

  /**
   * Gives a user a role; idempotent.
   *
   * @return whether the user did not have it before
   */
  boolean assign(UserId userId, String role);

  /**
   * Takes a role away; idempotent.
   *
   * @return whether the user had it
   */
  boolean unassign(UserId userId, String role);

  /** Takes every role away from a user (account deletion); idempotent. */
  void removeAll(UserId userId);
}
