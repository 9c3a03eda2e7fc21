package dev.latchkey.auth.core.password;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Rules for new passwords, after NIST SP 800-63B: length limits, no composition rules, and a screen against what
 * attackers try first.
 *
 * <p>The screen, in order: a corpus of common leaked passwords (every one of 8 characters or more among the 100,000
 * most common, ~40,000, plus the zxcvbn-ts list) compared in any case ({@link
 * PasswordRejection.Kind#COMMON}); the user's own username or email address ({@link PasswordRejection.Kind#CONTEXT});
 * then a pattern-aware estimate of the guesses an attacker needs (nbvcxz, a Java zxcvbn: common passwords, words and
 * names with digit, year or keyboard-sequence affixes, repeats, l33t, keyboard walks, dates, and the user's own
 * identifiers inside the password), which must reach {@link #MIN_GUESSES} ({@link
 * PasswordRejection.Kind#GUESSABLE}). Every rejection says why without repeating the password.
 *
 * <p>Thread-safe. The estimator's word lists (~2.5 MiB of heap) are loaded once per JVM, at the first check.
 *
 * @param minLength minimum length in code points; at least 8 (default 15)
 * @param maxLength maximum length in code points; at most 256 (default 256)
 * @param rejectCommon whether to screen: refuse common passwords and passwords estimated to need fewer than {@link
 *     #MIN_GUESSES} guesses (default true); the length and own-identifier rules apply either way
 */
public record PasswordPolicy(int minLength, int maxLength, boolean rejectCommon) {
  /** The smallest minimum length allowed. */
  public static final int LOWEST_MINIMUM = 8;
  /** The largest maximum length allowed. */
  public static final int HIGHEST_MAXIMUM = 256;
  /**
   * The fewest guesses a new password may need, as estimated: 10<sup>10</sup> (~33.2 bits), zxcvbn's top score,
   * "strong protection from an offline slow-hash attack". Online guessing (10 failures per lockout) gets nowhere near
   * it; an attacker with a stolen Argon2id hash needs days of a $20,000 cracking rig per account (nbvcxz's 2021
   * figure scaled by Moore's law). Four ordinary words ("correct horse battery staple", ~53 bits) pass; a common
   * password or word with digits, a year or a keyboard walk stays under 30 bits.
   */
  public static final double MIN_GUESSES = 1e10;
  private static final double MIN_BITS = Math.log(MIN_GUESSES) / Math.log(2);

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

  /**
   * A copy with {@link #minLength()} replaced by {@code minLength} and every other component kept, validated by the
   * canonical constructor.
   *
   * @param minLength the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public PasswordPolicy withMinLength(int minLength) {
    return new PasswordPolicy(minLength, maxLength, rejectCommon);
  }

  /**
   * A copy with {@link #maxLength()} replaced by {@code maxLength} and every other component kept, validated by the
   * canonical constructor.
   *
   * @param maxLength the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public PasswordPolicy withMaxLength(int maxLength) {
    return new PasswordPolicy(minLength, maxLength, rejectCommon);
  }

  /**
   * A copy with {@link #rejectCommon()} replaced by {@code rejectCommon} and every other component kept, validated
   * by the canonical constructor.
   *
   * @param rejectCommon the new value
   */
  public PasswordPolicy withRejectCommon(boolean rejectCommon) {
    return new PasswordPolicy(minLength, maxLength, rejectCommon);
  }

  /** 15 to 256 characters, common and guessable passwords refused. */
  public static PasswordPolicy defaults() {
    return new PasswordPolicy(15, HIGHEST_MAXIMUM, true);
  }

  /**
   * Checks a new password. Costs well under a millisecond (see README "Performance"); the first call in a JVM loads
   * the word lists (~0.5 s).
   *
   * @param password the candidate
   * @param contextWords the user's username, email and similar; a password equal to one of them (or to the email's
   *     local part) is refused, and parts of the password made of them count as no strength at all
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
    if (rejectCommon) {
      StrengthEstimator.Estimate estimate = StrengthEstimator.shared().estimate(password.reveal(), contextWords);
      if (estimate.entropyBits() < MIN_BITS) {
        String parts = GuessablePatterns.describe(estimate.matches());
        return reject(PasswordRejection.Kind.GUESSABLE, "is too easy to guess" + (parts.isEmpty() ? "" : ": it is "
            + parts) + ". Add another word or two; uncommon words are better");
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
