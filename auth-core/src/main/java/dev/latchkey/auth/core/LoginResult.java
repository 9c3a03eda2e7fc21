package dev.latchkey.auth.core;

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
}
