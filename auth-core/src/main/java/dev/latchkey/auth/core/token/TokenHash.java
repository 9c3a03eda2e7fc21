package dev.latchkey.auth.core.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The SHA-256 digest of an opaque token: what stores keep instead of the token itself. A leaked table of these cannot
 * be turned back into usable tokens, and a 256-bit random token needs no salt or slow hash.
 */
public final class TokenHash {
  private static final int LENGTH = 32;
  private final byte[] bytes;

  private TokenHash(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps a stored 32-byte digest (a copy is taken). */
  public static TokenHash ofBytes(byte[] digest) {
    Objects.requireNonNull(digest, "digest");
    if (digest.length != LENGTH) {
      throw new IllegalArgumentException("a token hash is 32 bytes");
    }
    return new TokenHash(digest.clone());
  }

  /** Parses the lower-case hex form produced by {@link #hex()}. */
  public static TokenHash ofHex(String hex) {
    return ofBytes(HexFormat.of().parseHex(hex));
  }

  /** The digest of a token's characters (UTF-8). */
  public static TokenHash of(String token) {
    return new TokenHash(sha256(token.getBytes(StandardCharsets.UTF_8)));
  }

  /** The digest of raw token bytes. */
  public static TokenHash ofTokenBytes(byte[] token) {
    return new TokenHash(sha256(token));
  }

  /** A copy of the 32 digest bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The digest as 64 lower-case hex characters. */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  /** Constant-time comparison. */
  public boolean matches(TokenHash other) {
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenHash other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(bytes);
  }

  /** Shows a prefix only: enough to correlate log lines, useless to an attacker. */
  @Override
  public String toString() {
    return "TokenHash[" + hex().substring(0, 8) + "…]";
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
    }
  }
}
