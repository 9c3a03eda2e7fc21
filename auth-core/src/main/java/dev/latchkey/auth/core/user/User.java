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
 * @param email unique (case-insensitively), as entered; null for an account created from a provider identity whose
 *     address the provider did not verify (an unverified address never becomes an account's email)
 * @param emailVerified whether the address was proven by a verification link
 * @param name display name, optional
 * @param phone E.164 phone number, optional
 * @param active false when disabled: a disabled user cannot log in or refresh
 * @param admin whether the user holds the administrator role
 * @param passwordHash encoded hash ({@code {argon2}…}, imported bcrypt …), or null for an account without a password
 * @param passwordChangeRequired whether the password was generated (a first admin's one-time password) and must be
 *     changed before the account can sign in
 * @param createdAt creation time
 * @param lastLoginAt time of the last successful login, if any
 * @param version optimistic-locking version, starting at 1
 */
public record User(
    UserId id,
    String username,
    @Nullable String email,
    boolean emailVerified,
    @Nullable String name,
    @Nullable String phone,
    boolean active,
    boolean admin,
    @Nullable String passwordHash,
    boolean passwordChangeRequired,
    Instant createdAt,
    @Nullable Instant lastLoginAt,
    long version) {

  /** Validates required parts. */
  public User {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(createdAt, "createdAt");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1");
    }
  }

  /**
   * A new active account without a password, email verification, profile, or administrator rights, at version 1:
   * add what it has with the {@code with…} methods before the store creates it.
   */
  public static User create(UserId id, String username, @Nullable String email, Instant createdAt) {
    return new User(id, username, email, false, null, null, true, false, null, false, createdAt, null, 1);
  }

  /** Whether the account has an email address (one created from an unverified provider identity has none). */
  public boolean hasEmail() {
    return email != null;
  }

  /** Whether the user can log in with a password. */
  public boolean hasPassword() {
    return passwordHash != null;
  }

  /** A copy with a new password hash (the change-required flag kept) and the next version. */
  public User withPasswordHash(String newHash) {
    return new User(id, username, email, emailVerified, name, phone, active, admin, newHash, passwordChangeRequired,
        createdAt, lastLoginAt, version + 1);
  }

  /** A copy recording a login at {@code at}, with the next version. */
  public User withLastLoginAt(Instant at) {
    return new User(id, username, email, emailVerified, name, phone, active, admin, passwordHash,
        passwordChangeRequired, createdAt, at, version + 1);
  }

  /** A copy with the given active flag and the next version. */
  public User withActive(boolean newActive) {
    return new User(id, username, email, emailVerified, name, phone, newActive, admin, passwordHash,
        passwordChangeRequired, createdAt, lastLoginAt, version + 1);
  }

  /** A copy with a new email address (verified or not; null for none) and the next version. */
  public User withEmail(@Nullable String newEmail, boolean verified) {
    return new User(id, username, newEmail, newEmail != null && verified, name, phone, active, admin, passwordHash,
        passwordChangeRequired, createdAt, lastLoginAt, version + 1);
  }

  /** A copy with a new display name and phone and the next version. */
  public User withProfile(@Nullable String newName, @Nullable String newPhone) {
    return new User(id, username, email, emailVerified, newName, newPhone, active, admin, passwordHash,
        passwordChangeRequired, createdAt, lastLoginAt, version + 1);
  }

  /** A copy with the given administrator flag and the next version. */
  public User withAdmin(boolean newAdmin) {
    return new User(id, username, email, emailVerified, name, phone, active, newAdmin, passwordHash,
        passwordChangeRequired, createdAt, lastLoginAt, version + 1);
  }

  /** A copy whose password must (or need no longer) be changed before the next sign-in, with the next version. */
  public User withPasswordChangeRequired(boolean required) {
    return new User(id, username, email, emailVerified, name, phone, active, admin, passwordHash, required, createdAt,
        lastLoginAt, version + 1);
  }

  /** Redacts the password hash: it is offline-crackable material. */
  @Override
  public String toString() {
    return "User[id=" + id + ", username=" + username + ", active=" + active + ", admin=" + admin + ", version="
        + version + "]";
  }
}
