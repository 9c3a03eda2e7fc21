package dev.latchkey.auth.core;

import java.time.Duration;

/**
 * The bounded password-hashing capacity stayed busy longer than the configured wait: the request was shed instead of
 * queueing without bound. Code {@code overloaded}; HTTP layers answer 503 with {@code Retry-After}.
 */
public final class OverloadedException extends AuthException {
  private static final long serialVersionUID = 1L;
  private final Duration retryAfter;

  /** Creates the exception with a hint of when to try again. */
  public OverloadedException(String message, Duration retryAfter) {
    super(message, null);
    this.retryAfter = retryAfter;
  }

  /** How long a client should wait before retrying. */
  public Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public String code() {
    return "overloaded";
  }
}
