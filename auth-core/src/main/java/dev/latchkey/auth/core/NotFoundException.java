package dev.latchkey.auth.core;

/** The user, session or other object named by the caller does not exist. Code {@code not_found}. */
public final class NotFoundException extends AuthException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code message} must not contain secrets. */
  public NotFoundException(String message) {
    super(message, null);
  }

  @Override
  public String code() {
    return "not_found";
  }
}
