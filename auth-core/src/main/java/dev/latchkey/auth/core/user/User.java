package dev.latchkey.auth.core.user;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A user account, as stored. Immutable; changes are made with the {@code with…} methods, which also advance
 * {@link #version()} so that stores can apply them with compare-and-set.
 *
 * @param id stable id
 * @param username unique (case-insensitively), as entered
 * @param email unique (case-insensitively), as entered
 * @param emailVerified whether the address was proven by a verification link
 * @param name display name, optional
 * @param phone E.164 phone number, optional
 * @param active false when disabled: a disabled user cannot log in or refresh
 * @param admin whether the user holds the administrator role
 * @param passwordHash encoded hash ({@code {argon2}…}, imported bcrypt …), or null for an account without a password
 * @param createdAt creation time
 * @param lastLoginAt time of the last successful login, if any
 * @param version optimistic-locking version, starting at 1
 */
public record User(
    UserId id,
    String username,
    String email,
    boolean emailVerified,
    @Nullable String name,
    @Nullable String phone,
    boolean active,
    boolean admin,
    @Nullable String passwordHash,
    Instant createdAt,
    @Nullable Instant lastLoginAt,
    long version) {

  /** Validates required parts. */
  public User {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(createdAt, "createdAt");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1");
    }
  }

  /** Whether the user can log in with a password. */
  public boolean hasPassword() {
    return passwordHash != null;
  }

  /** A copy with a new password hash and the next version. */
  public User withPasswordHash(String newHash) {
    return new User(id, username, email, emailVerified, name, phone, active, admin, newHash, createdAt, lastLoginAt,
        version + 1);
  }

  /** A copy recording a login at {@code at}, with the next version. */
  public User withLastLoginAt(Instant at) {
    return new User(id, username, email, emailVerified, name, phone, active, admin, passwordHash, createdAt, at,
        version + 1);
  }

  /** A copy with the given active flag and the next version. */
  public User withActive(boolean newActive) {
    return new User(id, username, email, emailVerified, name, phone, newActive, admin, passwordHash, createdAt,
        lastLoginAt, version + 1);
  }

  /** A copy with a new email address (verified or not) and the next version. */
  public User withEmail(String newEmail, boolean verified) {
    return new User(id, username, newEmail, verified, name, phone, active, admin, passwordHash, createdAt,
        lastLoginAt, version + 1);
  }

  /** A copy with a new display name and phone and the next version. */
  public User withProfile(@Nullable String newName, @Nullable String newPhone) {
    return new User(id, username, email, emailVerified, newName, newPhone, active, admin, passwordHash, createdAt,
        lastLoginAt, version + 1);
  }

  /** A copy with the given administrator flag and the next version. */
  public User withAdmin(boolean newAdmin) {
    return new User(id, username, email, emailVerified, name, phone, active, newAdmin, passwordHash, createdAt,
        lastLoginAt, version + 1);
  }

  /** Redacts the password hash: it is offline-crackable material. */
  @Override
  public String toString() {
    return "User[id=" + id + ", username=" + username + ", active=" + active + ", admin=" + admin + ", version="
        + version + "]";
  }
}
