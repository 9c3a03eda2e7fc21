package dev.latchkey.auth.core;

import org.jspecify.annotations.Nullable;

/** A write collided with existing data, such as a username or email already taken. Code {@code conflict}. */
public final class ConflictException extends AuthException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code message} must not contain secrets. */
  public ConflictException(String message) {
    this(message, null);
  }

  /** Creates the exception keeping the vendor error as its cause. */
  public ConflictException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  @Override
  public String code() {
    return "conflict";
  }
}
