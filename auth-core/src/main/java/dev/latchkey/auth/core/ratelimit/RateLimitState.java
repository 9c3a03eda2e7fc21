package dev.latchkey.auth.core.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The counting state of one rate-limiter key, and the one place the counting rules live: adapters load the state,
 * call {@link #attempt}, and store the result atomically (a lock, a row lock, a script).
 *
 * @param attempts attempts counted in the current window
 * @param windowStart when the current window began
 * @param lockedUntil until when the key is locked ({@link Instant#EPOCH} when never)
 * @param lockouts how many lockouts the key has had, which makes the next one longer
 * @param forgetAt when the whole state may be dropped
 */
public record RateLimitState(int attempts, Instant windowStart, Instant lockedUntil, int lockouts, Instant forgetAt) {

  /** Requires every instant. */
  public RateLimitState {
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(lockedUntil, "lockedUntil");
    Objects.requireNonNull(forgetAt, "forgetAt");
  }

  /** The state of a key never seen (or forgotten). */
  public static RateLimitState fresh(Instant now) {
    return new RateLimitState(0, now, Instant.EPOCH, 0, now);
  }

  /** One attempt at {@code now} under {@code limit}: the decision and the state to store. */
  public Outcome attempt(RateLimit limit, Instant now) {
    RateLimitState s = now.isBefore(forgetAt) ? this : fresh(now);
    if (now.isBefore(s.lockedUntil)) {
      return new Outcome(new RateDecision.Denied(Duration.between(now, s.lockedUntil)), s);
    }
    if (!now.isBefore(s.windowStart.plus(limit.window()))) {
      s = new RateLimitState(0, now, s.lockedUntil, s.lockouts, s.forgetAt);
    }
    if (s.attempts < limit.maxAttempts()) {
      Instant forget = later(s.forgetAt, now.plus(limit.window()).plus(limit.maxLockout()));
      return new Outcome(new RateDecision.Allowed(limit.maxAttempts() - s.attempts - 1),
          new RateLimitState(s.attempts + 1, s.windowStart, s.lockedUntil, s.lockouts, forget));
    }
    Duration lockout = limit.lockoutAfter(s.lockouts);
    Instant until = now.plus(lockout);
    return new Outcome(new RateDecision.Denied(lockout),
        new RateLimitState(0, until, until, s.lockouts + 1, later(s.forgetAt, until.plus(limit.maxLockout()))));
  }

  /**
   * Gives back one attempt counted at {@code countedAt} (an attempt that turned out not to count, such as a correct
   * login against a per-address limit). Only an attempt of the key's current window is given back: when a lockout
   * or a new window has begun since, the state stays as it is, so a refund can never lift or shorten a lockout.
   */
  public RateLimitState refund(RateLimit limit, Instant countedAt) {
    boolean sameWindow = !countedAt.isBefore(windowStart) && countedAt.isBefore(windowStart.plus(limit.window()));
    if (attempts == 0 || !sameWindow || !countedAt.isBefore(forgetAt)) {
      return this;
    }
    return new RateLimitState(attempts - 1, windowStart, lockedUntil, lockouts, forgetAt);
  }

  /**
   * Ends the count and any lockout, but remembers how many lockouts the key had until that history expires, so the
   * next lockout is as long as it would have been: a success or a completed reset never hands a fresh, short-lockout
   * budget to whoever keeps guessing.
   */
  public RateLimitState release() {
    return new RateLimitState(0, windowStart, Instant.EPOCH, lockouts, forgetAt);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /**
   * What an attempt decided.
   *
   * @param decision allowed or denied
   * @param next the state to store
   */
  public record Outcome(RateDecision decision, RateLimitState next) {}
}
