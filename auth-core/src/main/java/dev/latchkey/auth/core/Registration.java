package dev.latchkey.auth.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A new account's details. {@link #toString()} never shows the password.
 *
 * @param username 3–64 letters, digits, {@code . _ -}
 * @param email an email address
 * @param password the chosen password, checked against the password policy
 * @param name a display name, optional
 * @param phone an E.164 phone number, optional
 */
public record Registration(
    String username, String email, String password, @Nullable String name, @Nullable String phone) {

  /** Requires username, email and password. */
  public Registration {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(password, "password");
  }

  /** A registration with only the required fields. */
  public static Registration of(String username, String email, String password) {
    return new Registration(username, email, password, null, null);
  }

  @Override
  public String toString() {
    return "Registration[username=" + username + ", email=" + email + ", password=redacted]";
  }
}
