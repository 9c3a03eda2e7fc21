package dev.latchkey.auth.core;

/** The caller is authenticated but not allowed to do this. Code {@code forbidden}. */
public final class ForbiddenException extends AuthException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code message} must not contain secrets. */
  public ForbiddenException(String message) {
    super(message, null);
  }

  @Override
  public String code() {
    return "forbidden";
  }
}
