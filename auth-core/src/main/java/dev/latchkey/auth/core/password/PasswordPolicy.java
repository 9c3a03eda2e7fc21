package dev.latchkey.auth.core.password;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Rules for new passwords, after NIST SP 800-63B: length limits, a list of common passwords and the user's own
 * identifiers, and no composition rules.
 *
 * @param minLength minimum length in code points; at least 8 (default 15)
 * @param maxLength maximum length in code points; at most 256 (default 256)
 * @param rejectCommon whether to refuse passwords on the bundled common-password list (default true)
 */
public record PasswordPolicy(int minLength, int maxLength, boolean rejectCommon) {
  /** The smallest minimum length allowed. */
  public static final int LOWEST_MINIMUM = 8;
  /** The largest maximum length allowed. */
  public static final int HIGHEST_MAXIMUM = 256;

  /** Validates the limits. */
  public PasswordPolicy {
    if (minLength < LOWEST_MINIMUM) {
      throw new IllegalArgumentException("passwordPolicy.minLength must be at least " + LOWEST_MINIMUM);
    }
    if (maxLength > HIGHEST_MAXIMUM || maxLength < minLength) {
      throw new IllegalArgumentException(
          "passwordPolicy.maxLength must be between minLength and " + HIGHEST_MAXIMUM);
    }
  }

  /** 15 to 256 characters, common passwords refused. */
  public static PasswordPolicy defaults() {
    return new PasswordPolicy(15, HIGHEST_MAXIMUM, true);
  }

  /**
   * Checks a new password.
   *
   * @param password the candidate
   * @param contextWords the user's username, email and similar; a password equal to one of them (or to the email's
   *     local part) is refused
   * @return the first rule it breaks, or empty when it is acceptable
   */
  public Optional<PasswordRejection> check(Password password, @Nullable String... contextWords) {
    int length = password.length();
    if (length < minLength) {
      return reject(PasswordRejection.Kind.TOO_SHORT, "must be at least " + minLength + " characters long");
    }
    if (length > maxLength) {
      return reject(PasswordRejection.Kind.TOO_LONG, "must be at most " + maxLength + " characters long");
    }
    String folded = fold(password.reveal());
    if (rejectCommon && CommonPasswords.contains(folded)) {
      return reject(PasswordRejection.Kind.COMMON, "is too common: it appears in lists of leaked passwords");
    }
    for (String word : contextWords) {
      if (isContextMatch(folded, word)) {
        return reject(PasswordRejection.Kind.CONTEXT, "must not be your username or email address");
      }
    }
    return Optional.empty();
  }

  private static boolean isContextMatch(String folded, @Nullable String word) {
    if (word == null) {
      return false; // an account without an email address
    }
    String w = fold(word);
    if (w.isEmpty()) {
      return false;
    }
    int at = w.indexOf('@');
    String local = at > 0 ? w.substring(0, at) : w;
    return folded.equals(w) || folded.equals(local) || folded.replace(" ", "").equals(local);
  }

  private static String fold(String text) {
    return text.strip().toLowerCase(Locale.ROOT);
  }

  private static Optional<PasswordRejection> reject(PasswordRejection.Kind kind, String message) {
    return Optional.of(new PasswordRejection(kind, "The password " + message + "."));
  }
}
