package dev.latchkey.auth.core;

/**
 * The change would leave no active administrator: the last active admin can never be deleted, disabled or demoted.
 * Code {@code last_admin}.
 */
public final class LastAdminException extends AuthException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public LastAdminException() {
    super("the last active administrator cannot be deleted, disabled or demoted", null);
  }

  @Override
  public String code() {
    return "last_admin";
  }
}
