package dev.latchkey.auth.core.password;

/** Test access to the package-private list size. */
public final class PasswordPolicyAccess {
  private PasswordPolicyAccess() {}

  /** How many entries the bundled common-password list has. */
  public static int commonPasswordCount() {
    return CommonPasswords.size();
  }
}
