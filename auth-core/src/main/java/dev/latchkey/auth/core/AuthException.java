package dev.latchkey.auth.core;

import org.jspecify.annotations.Nullable;

/**
 * Root of every failure Latchkey reports. Expected outcomes (a wrong password, an expired token) are results, not
 * exceptions; an {@code AuthException} means the request could not be carried out.
 *
 * <p>Each subtype has a stable, machine-readable {@link #code()} that HTTP layers map to problem bodies. Messages never
 * contain passwords, tokens or other secrets, so they are safe to log and to show.
 */
public abstract sealed class AuthException extends RuntimeException
    permits ConflictException, NotFoundException, StoreUnavailableException, ValidationException,
        WeakPasswordException, OverloadedException, ForbiddenException, LastAdminException, LastLoginMethodException,
        RegistrationDisabledException {

  private static final long serialVersionUID = 1L;

  AuthException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /** A stable, machine-readable code such as {@code conflict} or {@code store_unavailable}. */
  public abstract String code();
}
