package dev.latchkey.auth.testkit;

import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A user that {@link GivenUser} created, with the password it was given. {@link #toString()} leaves the password out.
 *
 * @param user the user as stored
 * @param password its password in clear, for logging in
 */
public record SeededUser(User user, String password) {
  /** Requires both. */
  public SeededUser {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
  }

  /** The user's id. */
  public UserId id() {
    return user.id();
  }

  /** The user's username. */
  public String username() {
    return user.username();
  }

  /** The user's email (null only for an account without one, which the helper never creates). */
  public @Nullable String email() {
    return user.email();
  }

  @Override
  public String toString() {
    return "SeededUser[" + user.username() + "]";
  }
}
