package dev.latchkey.auth.core;

/**
 * The change would leave an account with no way to log in: the last linked provider of an account without a password
 * cannot be unlinked. Code {@code last_login_method}.
 */
public final class LastLoginMethodException extends AuthException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public LastLoginMethodException() {
    super("this is the account's last way to log in: set a password or link another provider first", null);
  }

  @Override
  public String code() {
    return "last_login_method";
  }
}
