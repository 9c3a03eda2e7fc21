package dev.latchkey.auth.core.password;

import java.text.Normalizer;
import java.util.Objects;

/**
 * A password as typed by a user, NFKC-normalised on construction so that the same passphrase typed on different
 * keyboards (composed or decomposed accents, full-width digits) hashes the same. {@link #toString()} never reveals it.
 */
public final class Password {
  private final String value;

  private Password(String value) {
    this.value = value;
  }

  /** Wraps and normalises a password. */
  public static Password of(String raw) {
    Objects.requireNonNull(raw, "password");
    return new Password(Normalizer.normalize(raw, Normalizer.Form.NFKC));
  }

  /** The normalised password. Callers hand it to a hasher and nowhere else. */
  public String reveal() {
    return value;
  }

  /** Length in Unicode code points, the unit of the policy's limits. */
  public int length() {
    return value.codePointCount(0, value.length());
  }

  @Override
  public String toString() {
    return "Password[redacted]";
  }

  // No equals/hashCode: comparing passwords is the hasher's job.
}
