package dev.latchkey.auth.core.ratelimit;

import java.time.Duration;

/** Whether an attempt may go ahead. */
public sealed interface RateDecision {

  /** The attempt is allowed and counted. */
  record Allowed(int remaining) implements RateDecision {}

  /** The key is locked; try again after {@code retryAfter}. The attempt was not counted. */
  record Denied(Duration retryAfter) implements RateDecision {}
}
