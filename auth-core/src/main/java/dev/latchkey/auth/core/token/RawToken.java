package dev.latchkey.auth.core.token;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * An opaque secret token as handed to a client (refresh tokens, one-time tokens). Only its {@link #hash()} is ever
 * stored; {@link #toString()} never reveals it.
 */
public final class RawToken {
  /** 256 bits of randomness. */
  public static final int SECRET_BYTES = 32;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final String value;

  private RawToken(String value) {
    this.value = value;
  }

  /** Wraps a token received from a client. */
  public static RawToken of(String value) {
    Objects.requireNonNull(value, "token");
    return new RawToken(value);
  }

  /** A new token of 256 random bits, base64url without padding (43 characters). */
  public static RawToken generate(SecureRandom random) {
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    return new RawToken(ENCODER.encodeToString(secret));
  }

  /** The token's text, to hand to its owner. Never log it. */
  public String reveal() {
    return value;
  }

  /** The digest stores keep. */
  public TokenHash hash() {
    return TokenHash.of(value);
  }

  @Override
  public String toString() {
    return "RawToken[redacted]";
  }
}
