package dev.latchkey.auth.core;

import dev.latchkey.auth.core.token.RawToken;
import java.time.Duration;

/**
 * The outcome of {@link Auth#login}. Unknown user, wrong password, disabled and locked accounts are all
 * {@link InvalidCredentials}: the caller cannot tell them apart, and neither can an attacker.
 */
public sealed interface LoginResult {

  /** Logged in: a new session with its tokens. */
  record Success(AuthTokens tokens) implements LoginResult {}

  /** Refused, for any reason tied to the account. */
  record InvalidCredentials() implements LoginResult {}

  /** Refused by the per-client-address limit, whatever the account; retry after {@code retryAfter}. */
  record RateLimited(Duration retryAfter) implements LoginResult {}

  /**
   * The password was right but the user already has the most sessions allowed and the policy refuses more
   * ({@link AccountPolicy.SessionLimit#REFUSE}).
   */
  record SessionLimitReached() implements LoginResult {}

  /**
   * The password was right, but it was generated (a first administrator's) and must be replaced before any session
   * starts. {@code token} is a single-use credential for {@link Auth#resetPassword}, valid for {@code validFor}
   * (10 minutes); give it to the account's owner only. Its {@code toString()} is redacted.
   *
   * @param token the credential that sets the new password
   * @param validFor how long it works
   */
  record PasswordChangeRequired(RawToken token, Duration validFor) implements LoginResult {}
}
