package dev.latchkey.auth.core;

import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.token.RawToken;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Refresh tokens are base64url of the 16-byte session id followed by 32 random bytes (64 characters). The session id
 * is no secret (it is the {@code sid} claim); it lets a store find the family by primary key (and Redis keep the
 * whole family on one Cluster slot). Only the 256 random bits make the token unguessable, and only the SHA-256 of the
 * whole token is stored.
 */
final class RefreshTokenCodec {
  private static final int LENGTH = 16 + RawToken.SECRET_BYTES;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private RefreshTokenCodec() {}

  static RawToken generate(SessionId sessionId, SecureRandom random) {
    ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
    buffer.putLong(sessionId.value().getMostSignificantBits());
    buffer.putLong(sessionId.value().getLeastSignificantBits());
    byte[] secret = new byte[RawToken.SECRET_BYTES];
    random.nextBytes(secret);
    buffer.put(secret);
    return RawToken.of(ENCODER.encodeToString(buffer.array()));
  }

  /** The session a well-formed token names; empty for anything else. */
  static Optional<SessionId> sessionOf(String token) {
    if (token.length() != 64) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = DECODER.decode(token);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (bytes.length != LENGTH) {
      return Optional.empty();
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    return Optional.of(new SessionId(new UUID(buffer.getLong(), buffer.getLong())));
  }
}
