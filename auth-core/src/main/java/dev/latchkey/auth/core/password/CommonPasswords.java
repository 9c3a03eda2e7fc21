package dev.latchkey.auth.core.password;

/**
 * The corpus of common passwords refused outright: from nbvcxz's list of the 100,000 most common leaked passwords
 * (MIT licence) every entry of at least 8 characters, plus the entries of at least 8 characters of the zxcvbn-ts
 * common list (MIT licence, see {@code common-passwords.LICENSE}), compared with the candidate folded to lower case. The same list feeds the {@link StrengthEstimator}, which also
 * finds its entries inside longer passwords; it is loaded once, on first use.
 */
final class CommonPasswords {
  /** The bundled zxcvbn-ts entries, one a line, most common first. */
  static final String RESOURCE = "common-passwords.txt";

  private CommonPasswords() {}

  /** Whether the folded (stripped, lower-case) password is on the list. */
  static boolean contains(String foldedPassword) {
    return StrengthEstimator.shared().passwords().rank(foldedPassword) > 0;
  }

  /** How many listed passwords are at least as long as the lowest minimum a policy may set (8). */
  static int size() {
    return StrengthEstimator.shared().passwords().countAtLeast(PasswordPolicy.LOWEST_MINIMUM);
  }
}
