package dev.latchkey.auth.core.otp;

import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.user.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A stored one-time token: only its hash, what it is for, whom it is for, and until when.
 *
 * @param hash SHA-256 of the token handed out
 * @param purpose what it may be consumed for
 * @param userId whom it is bound to; null for tokens before sign-in (OAuth state)
 * @param attributes further bound values (the email address being verified, a PKCE verifier)
 * @param expiresAt the end of its validity (exclusive)
 */
public record OneTimeToken(
    TokenHash hash, TokenPurpose purpose, @Nullable UserId userId, Map<String, String> attributes, Instant expiresAt) {

  /** Validates and copies. */
  public OneTimeToken {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(expiresAt, "expiresAt");
    attributes = Map.copyOf(attributes);
  }

  /** Whether it has expired at {@code now}. */
  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** Attributes may hold secrets (a PKCE verifier): only their names are shown. */
  @Override
  public String toString() {
    return "OneTimeToken[hash=" + hash + ", purpose=" + purpose.name() + ", userId=" + userId + ", attributes="
        + attributes.keySet() + ", expiresAt=" + expiresAt + "]";
  }
}
