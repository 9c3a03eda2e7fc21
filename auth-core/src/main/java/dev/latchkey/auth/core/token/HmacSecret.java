package dev.latchkey.auth.core.token;

import java.util.Objects;

/** A shared HS256 secret of at least 256 bits. {@link #toString()} never reveals it. */
public final class HmacSecret {
  /** The smallest accepted secret, in bytes. */
  public static final int MIN_BYTES = 32;
  private final byte[] bytes;

  private HmacSecret(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Wraps a secret (a copy is taken).
   *
   * @throws IllegalArgumentException when it is shorter than 32 bytes
   */
  public static HmacSecret of(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < MIN_BYTES) {
      throw new IllegalArgumentException("tokenPolicy.hmacSecret must be at least 256 bits (32 bytes)");
    }
    return new HmacSecret(secret.clone());
  }

  byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    return "HmacSecret[redacted]";
  }
}
