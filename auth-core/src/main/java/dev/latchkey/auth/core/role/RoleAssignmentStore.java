package dev.latchkey.auth.core.role;

import dev.latchkey.auth.core.service.ServiceId;
import dev.latchkey.auth.core.user.UserId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Persists which users hold which roles. Thread-safe. */
public interface RoleAssignmentStore {

  /**
   * Gives a user a role; idempotent.
   *
   * @return whether the user did not hold it before
   */
  boolean assign(RoleAssignment assignment);

  /**
   * Takes a role away; idempotent.
   *
   * @return whether the user held it
   */
  boolean unassign(RoleAssignment assignment);

  /** The user's assignments; empty for an unknown user. */
  List<RoleAssignment> assignmentsOf(UserId userId);

  /** Takes a role away from everyone (the role was deleted); returns who held it. */
  List<UserId> removeRole(String role, @Nullable ServiceId service);

  /** Takes every role away from a user (account deletion); idempotent. */
  void removeUser(UserId userId);
}
