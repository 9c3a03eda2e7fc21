package dev.latchkey.auth.core.otp;

import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.user.UserId;
import java.util.Optional;

/**
 * Persists hashed, purpose-bound, single-use tokens (email verification, password reset, OAuth state). A token is
 * invisible from its expiry on, by the store's clock. Thread-safe.
 */
public interface OneTimeTokenStore {

  /**
   * Stores a token.
   *
   * @throws dev.latchkey.auth.core.ConflictException when a token with this hash exists
   */
  void save(OneTimeToken token);

  /**
   * Atomically removes and returns the live token with this hash and purpose: of concurrent consumers exactly one gets
   * it. A token of another purpose is left alone.
   */
  Optional<OneTimeToken> consume(TokenHash hash, TokenPurpose purpose);

  /**
   * Deletes every token of a user for a purpose (older verification links after an email change); idempotent.
   *
   * @return how many were deleted
   */
  int deleteByUser(UserId userId, TokenPurpose purpose);
}
