package dev.latchkey.auth.core.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * A limit on attempts under one key: at most {@code maxAttempts} within {@code window}; the attempt after that locks
 * the key for {@code lockout}, doubling with each further lockout up to {@code maxLockout}.
 *
 * @param maxAttempts attempts allowed per window (1–1000)
 * @param window the counting window
 * @param lockout the first lockout
 * @param maxLockout the longest lockout
 */
public record RateLimit(int maxAttempts, Duration window, Duration lockout, Duration maxLockout) {

  /** Validates the limit. */
  public RateLimit {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(lockout, "lockout");
    Objects.requireNonNull(maxLockout, "maxLockout");
    if (maxAttempts < 1 || maxAttempts > 1000) {
      throw new IllegalArgumentException("maxAttempts must be between 1 and 1000");
    }
    if (window.isNegative() || window.isZero() || lockout.isNegative() || lockout.isZero()) {
      throw new IllegalArgumentException("window and lockout must be positive");
    }
    if (maxLockout.compareTo(lockout) < 0) {
      throw new IllegalArgumentException("maxLockout must be at least lockout");
    }
  }

  /**
   * A copy with {@link #maxAttempts()} replaced by {@code maxAttempts} and every other component kept, validated by
   * the canonical constructor.
   *
   * @param maxAttempts the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public RateLimit withMaxAttempts(int maxAttempts) {
    return new RateLimit(maxAttempts, window, lockout, maxLockout);
  }

  /**
   * A copy with {@link #window()} replaced by {@code window} and every other component kept, validated by the
   * canonical constructor.
   *
   * @param window the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public RateLimit withWindow(Duration window) {
    return new RateLimit(maxAttempts, window, lockout, maxLockout);
  }

  /**
   * A copy with {@link #lockout()} replaced by {@code lockout} and every other component kept, validated by the
   * canonical constructor.
   *
   * @param lockout the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public RateLimit withLockout(Duration lockout) {
    return new RateLimit(maxAttempts, window, lockout, maxLockout);
  }

  /**
   * A copy with {@link #maxLockout()} replaced by {@code maxLockout} and every other component kept, validated by
   * the canonical constructor.
   *
   * @param maxLockout the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public RateLimit withMaxLockout(Duration maxLockout) {
    return new RateLimit(maxAttempts, window, lockout, maxLockout);
  }

  /** The lockout after {@code previousLockouts} earlier ones: doubled each time, capped. */
  public Duration lockoutAfter(int previousLockouts) {
    Duration d = lockout;
    for (int i = 0; i < previousLockouts && d.compareTo(maxLockout) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxLockout) > 0 ? maxLockout : d;
  }
}
