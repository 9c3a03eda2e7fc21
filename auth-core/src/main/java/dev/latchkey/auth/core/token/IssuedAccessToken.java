package dev.latchkey.auth.core.token;

import java.time.Instant;
import java.util.Objects;

/**
 * A freshly signed access token.
 *
 * @param token the compact JWT, a bearer credential ({@link #toString()} redacts it)
 * @param tokenId its {@code jti}
 * @param issuedAt when it was issued, to the precision its id carries ({@code iat} has whole seconds)
 * @param expiresAt its {@code exp}
 */
public record IssuedAccessToken(String token, String tokenId, Instant issuedAt, Instant expiresAt) {
  /** Requires every part. */
  public IssuedAccessToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public String toString() {
    return "IssuedAccessToken[tokenId=" + tokenId + ", expiresAt=" + expiresAt + ", token=redacted]";
  }
}
