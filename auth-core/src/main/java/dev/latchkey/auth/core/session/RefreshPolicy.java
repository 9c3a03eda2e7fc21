package dev.latchkey.auth.core.session;

import java.time.Duration;
import java.util.Objects;

/**
 * Lifetimes and reuse detection of refresh tokens.
 *
 * @param idleTimeout a session not refreshed for this long ends (default 14 days)
 * @param absoluteLifetime a session ends this long after login, however active (default 90 days)
 * @param reuseGrace how long the immediately previous token is still accepted, so a client that lost a response can
 *     retry; after it, presenting that token revokes the session (default 10 s, may be 0)
 * @param reuseHistory how many spent tokens per session are remembered for reuse detection (default 32)
 */
public record RefreshPolicy(Duration idleTimeout, Duration absoluteLifetime, Duration reuseGrace, int reuseHistory) {

  /** Validates the durations. */
  public RefreshPolicy {
    Objects.requireNonNull(idleTimeout, "refreshPolicy.idleTimeout");
    Objects.requireNonNull(absoluteLifetime, "refreshPolicy.absoluteLifetime");
    Objects.requireNonNull(reuseGrace, "refreshPolicy.reuseGrace");
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("refreshPolicy.idleTimeout must be positive");
    }
    if (absoluteLifetime.compareTo(idleTimeout) < 0) {
      throw new IllegalArgumentException("refreshPolicy.absoluteLifetime must be at least idleTimeout");
    }
    if (reuseGrace.isNegative() || reuseGrace.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("refreshPolicy.reuseGrace must be between 0 and 60 seconds");
    }
    if (reuseHistory < 1 || reuseHistory > 256) {
      throw new IllegalArgumentException("refreshPolicy.reuseHistory must be between 1 and 256");
    }
  }

  /**
   * A copy with {@link #idleTimeout()} replaced by {@code idleTimeout} and every other component kept, validated by
   * the canonical constructor.
   *
   * @param idleTimeout the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public RefreshPolicy withIdleTimeout(Duration idleTimeout) {
    return new RefreshPolicy(idleTimeout, absoluteLifetime, reuseGrace, reuseHistory);
  }

  /**
   * A copy with {@link #absoluteLifetime()} replaced by {@code absoluteLifetime} and every other component kept,
   * validated by the canonical constructor.
   *
   * @param absoluteLifetime the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public RefreshPolicy withAbsoluteLifetime(Duration absoluteLifetime) {
    return new RefreshPolicy(idleTimeout, absoluteLifetime, reuseGrace, reuseHistory);
  }

  /**
   * A copy with {@link #reuseGrace()} replaced by {@code reuseGrace} and every other component kept, validated by
   * the canonical constructor.
   *
   * @param reuseGrace the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public RefreshPolicy withReuseGrace(Duration reuseGrace) {
    return new RefreshPolicy(idleTimeout, absoluteLifetime, reuseGrace, reuseHistory);
  }

  /**
   * A copy with {@link #reuseHistory()} replaced by {@code reuseHistory} and every other component kept, validated
   * by the canonical constructor.
   *
   * @param reuseHistory the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public RefreshPolicy withReuseHistory(int reuseHistory) {
    return new RefreshPolicy(idleTimeout, absoluteLifetime, reuseGrace, reuseHistory);
  }

  /** 14 days idle, 90 days absolute, 10 s grace, 32 spent tokens remembered. */
  public static RefreshPolicy defaults() {
    return new RefreshPolicy(Duration.ofDays(14), Duration.ofDays(90), Duration.ofSeconds(10), 32);
  }
}
