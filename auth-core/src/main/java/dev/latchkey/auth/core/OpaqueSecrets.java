package dev.latchkey.auth.core;

import dev.latchkey.auth.core.token.RawToken;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Opaque secrets that name the record they belong to: an optional prefix, then base64url of a 16-byte id followed by
 * 32 random bytes. Refresh tokens name their session (no prefix, 64 characters); API keys name their key ({@code lk_}
 * prefix, which secret scanners can spot). The id is no secret; it lets a store find the record by primary key (and
 * Redis keep a session family on one Cluster slot). Only the 256 random bits make the secret unguessable, and only
 * the SHA-256 of the whole string is stored.
 */
final class OpaqueSecrets {
  /** The prefix of API-key secrets. */
  static final String API_KEY_PREFIX = "lk_";
  private static final int LENGTH = 16 + RawToken.SECRET_BYTES;
  private static final int ENCODED = 64;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private OpaqueSecrets() {}

  static RawToken generate(String prefix, UUID id, SecureRandom random) {
    ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
    buffer.putLong(id.getMostSignificantBits());
    buffer.putLong(id.getLeastSignificantBits());
    byte[] secret = new byte[RawToken.SECRET_BYTES];
    random.nextBytes(secret);
    buffer.put(secret);
    return RawToken.of(prefix + ENCODER.encodeToString(buffer.array()));
  }

  /** The id a well-formed secret names; empty for anything else. */
  static Optional<UUID> idOf(String prefix, String secret) {
    if (secret.length() != prefix.length() + ENCODED || !secret.startsWith(prefix)) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = DECODER.decode(secret.substring(prefix.length()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (bytes.length != LENGTH) {
      return Optional.empty();
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    return Optional.of(new UUID(buffer.getLong(), buffer.getLong()));
  }
}
