package dev.latchkey.auth.core;

import dev.latchkey.auth.core.password.PasswordRejection;

/**
 * A new password was refused by the password policy; {@link #reason()} says why. Code {@code weak_password}.
 */
public final class WeakPasswordException extends AuthException {
  private static final long serialVersionUID = 1L;
  private final PasswordRejection reason;

  /** Creates the exception for a policy rejection. */
  public WeakPasswordException(PasswordRejection reason) {
    super(reason.message(), null);
    this.reason = reason;
  }

  /** Why the password was refused. */
  public PasswordRejection reason() {
    return reason;
  }

  @Override
  public String code() {
    return "weak_password";
  }
}
