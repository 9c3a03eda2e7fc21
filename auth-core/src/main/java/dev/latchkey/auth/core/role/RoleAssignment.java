package dev.latchkey.auth.core.role;

import dev.latchkey.auth.core.service.ServiceId;
import dev.latchkey.auth.core.user.UserId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A user holding a role.
 *
 * @param userId the user
 * @param role the role's name
 * @param service the role's service, or null for a global role
 */
public record RoleAssignment(UserId userId, String role, @Nullable ServiceId service) {
  /** Requires user and role. */
  public RoleAssignment {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(role, "role");
  }
}
