package dev.latchkey.auth.core;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What an administrator changes about a user; a null field stays as it is. {@link #toString()} never shows the
 * password.
 *
 * @param email a new address (taken as verified)
 * @param name a new display name (blank clears it)
 * @param active enable or disable; disabling revokes every session at once
 * @param admin grant or revoke administrator rights
 * @param roles the complete new set of global roles
 * @param password a new password; every session is revoked
 */
public record UserChanges(
    @Nullable String email,
    @Nullable String name,
    @Nullable Boolean active,
    @Nullable Boolean admin,
    @Nullable Set<String> roles,
    @Nullable String password) {

  /** No change at all; combine with the {@code with…} methods. */
  public static UserChanges none() {
    return new UserChanges(null, null, null, null, null, null);
  }

  /** A copy that enables or disables the user. */
  public UserChanges withActive(boolean value) {
    return new UserChanges(email, name, value, admin, roles, password);
  }

  /** A copy that grants or revokes administrator rights. */
  public UserChanges withAdmin(boolean value) {
    return new UserChanges(email, name, active, value, roles, password);
  }

  /** A copy that replaces the user's global roles. */
  public UserChanges withRoles(Set<String> value) {
    return new UserChanges(email, name, active, admin, Set.copyOf(value), password);
  }

  /** A copy that sets a new password. */
  public UserChanges withPassword(String value) {
    return new UserChanges(email, name, active, admin, roles, value);
  }

  /** A copy that changes the email address. */
  public UserChanges withEmail(String value) {
    return new UserChanges(value, name, active, admin, roles, password);
  }

  @Override
  public String toString() {
    return "UserChanges[email=" + email + ", name=" + name + ", active=" + active + ", admin=" + admin + ", roles="
        + roles + ", password=" + (password == null ? "unchanged" : "redacted") + "]";
  }
}
