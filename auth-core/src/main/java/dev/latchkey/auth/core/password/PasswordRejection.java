package dev.latchkey.auth.core.password;

import java.util.Objects;

/**
 * Why a new password was refused.
 *
 * @param kind the rule that refused it
 * @param message a sentence for the user, which never repeats the password
 */
public record PasswordRejection(Kind kind, String message) {

  /** Requires both parts. */
  public PasswordRejection {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  /** The rules a password can break. */
  public enum Kind {
    /** Shorter than the policy's minimum. */
    TOO_SHORT,
    /** Longer than the policy's maximum. */
    TOO_LONG,
    /** On the bundled list of commonly used passwords. */
    COMMON,
    /** Made of the user's own username or email. */
    CONTEXT,
    /**
     * Estimated to fall to fewer than {@link PasswordPolicy#MIN_GUESSES} guesses: built from common passwords, words,
     * names, the user's identifiers, keyboard walks, sequences, repeats, years or dates.
     */
    GUESSABLE
  }
}
