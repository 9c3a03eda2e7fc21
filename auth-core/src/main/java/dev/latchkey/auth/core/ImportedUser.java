package dev.latchkey.auth.core;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A user brought over from another system with an existing password hash: bcrypt ({@code $2a$}, {@code $2b$},
 * {@code $2y$}, as Flask/Passlib and most stacks store it), Argon2 ({@code $argon2id$…}) or Spring-style prefixed
 * hashes ({@code {bcrypt}}, {@code {argon2}}, {@code {pbkdf2}}). The hash is kept as is and replaced by a current
 * Argon2id hash at the user's next successful login. {@link #toString()} never shows the hash.
 *
 * @param username the username (3–64 letters, digits, {@code . _ -})
 * @param email the email address
 * @param emailVerified whether the old system had verified it
 * @param name a display name, optional
 * @param passwordHash the existing hash
 * @param admin whether the user is an administrator
 * @param active whether the account is enabled
 * @param createdAt when the account was created in the old system
 */
public record ImportedUser(
    String username,
    String email,
    boolean emailVerified,
    @Nullable String name,
    String passwordHash,
    boolean admin,
    boolean active,
    Instant createdAt) {

  /** Requires the identifying parts and the hash. */
  public ImportedUser {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(passwordHash, "passwordHash");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  @Override
  public String toString() {
    return "ImportedUser[username=" + username + ", email=" + email + ", admin=" + admin + ", passwordHash=redacted]";
  }
}
