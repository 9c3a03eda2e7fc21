package dev.latchkey.auth.core.user;

import dev.latchkey.auth.core.ValidationException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Normalisation and validation of usernames, emails and login identifiers. Identifiers compare case- and
 * whitespace-insensitively: {@code " Alice@Example.COM "} and {@code "alice@example.com"} are the same account, for
 * lookups and for attempt counting alike.
 */
public final class Identifiers {
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{2,63}");
  // Deliberately permissive: one @, no whitespace, a dot-free or dotted domain. Deliverability is proven by verification.
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}");
  private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{1,14}");
  private static final int MAX_EMAIL = 254;

  private Identifiers() {}

  /** NFKC, surrounding whitespace removed, lower case: the form used for lookups and attempt counting. */
  public static String normalize(String identifier) {
    return Normalizer.normalize(identifier, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
  }

  /**
   * Returns the username as stored (NFKC, trimmed, case kept).
   *
   * @throws ValidationException unless it is 3–64 characters of letters, digits, {@code . _ -}, starting alphanumeric
   */
  public static String validUsername(String username) {
    String value = Normalizer.normalize(username, Normalizer.Form.NFKC).strip();
    if (!USERNAME.matcher(value).matches()) {
      throw ValidationException.of(
          "username", "must be 3 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return value;
  }

  /**
   * Returns the email as stored (NFKC, trimmed, case kept).
   *
   * @throws ValidationException unless it looks like {@code local@domain} and is at most 254 characters
   */
  public static String validEmail(String email) {
    String value = Normalizer.normalize(email, Normalizer.Form.NFKC).strip();
    if (value.length() > MAX_EMAIL || !EMAIL.matcher(value).matches()) {
      throw ValidationException.of("email", "must be an email address of at most 254 characters");
    }
    return value;
  }

  /**
   * Returns the phone number as stored, or null for a blank one.
   *
   * @throws ValidationException unless it is E.164: {@code +}, then 2 to 15 digits, the first not 0
   */
  public static @Nullable String validPhone(@Nullable String phone) {
    if (phone == null || phone.isBlank()) {
      return null;
    }
    String value = phone.strip();
    if (!PHONE.matcher(value).matches()) {
      throw ValidationException.of("phone", "must be an E.164 number such as +14155550123");
    }
    return value;
  }

  /**
   * Returns the display name as stored (trimmed), or null for a blank one.
   *
   * @throws ValidationException when it is longer than 200 characters
   */
  public static @Nullable String validName(@Nullable String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    String value = name.strip();
    if (value.length() > 200) {
      throw ValidationException.of("name", "must be at most 200 characters");
    }
    return value;
  }

  /** Whether the identifier has the shape of an email address (it contains {@code @}). */
  public static boolean looksLikeEmail(String identifier) {
    return identifier.indexOf('@') >= 0;
  }
}
