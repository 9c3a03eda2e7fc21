package dev.latchkey.auth.core;

import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An account an administrator creates: no verification needed. {@link #toString()} never shows the password.
 *
 * @param username 3–64 letters, digits, {@code . _ -}
 * @param email an email address (taken as verified)
 * @param password the initial password, checked against the password policy
 * @param name a display name, optional
 * @param admin whether the user is an administrator
 * @param roles global roles to assign (each must exist)
 */
public record NewUser(
    String username, String email, String password, @Nullable String name, boolean admin, Set<String> roles) {

  /** Validates and copies. */
  public NewUser {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(password, "password");
    roles = Set.copyOf(roles);
  }

  @Override
  public String toString() {
    return "NewUser[username=" + username + ", email=" + email + ", admin=" + admin + ", roles=" + roles
        + ", password=redacted]";
  }
}
