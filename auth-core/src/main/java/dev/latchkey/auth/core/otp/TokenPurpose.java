package dev.latchkey.auth.core.otp;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a one-time token may be used for; a token is only consumed for the purpose it was made for.
 *
 * @param name a short lower-case name such as {@code password_reset}
 */
public record TokenPurpose(String name) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

  /** Email address verification. */
  public static final TokenPurpose EMAIL_VERIFICATION = new TokenPurpose("email_verification");
  /**
   * Proof of a new email address before an account switches to it; bound to the user, the new address
   * ({@code new_email}) and the address it replaces ({@code email}).
   */
  public static final TokenPurpose EMAIL_CHANGE = new TokenPurpose("email_change");
  /** Forgotten-password reset. */
  public static final TokenPurpose PASSWORD_RESET = new TokenPurpose("password_reset");
  /** OAuth authorization state. */
  public static final TokenPurpose OAUTH_STATE = new TokenPurpose("oauth_state");
  /** A one-minute code that finishes an OAuth login redirected to an allow-listed app (exchanged for tokens). */
  public static final TokenPurpose OAUTH_LOGIN_CODE = new TokenPurpose("oauth_login_code");

  /** Validates the name. */
  public TokenPurpose {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a token purpose is 1-32 lower-case letters, digits or '_'");
    }
  }
}
