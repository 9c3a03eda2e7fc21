package dev.latchkey.auth.core.memory;

import dev.latchkey.auth.core.ratelimit.RateDecision;
import dev.latchkey.auth.core.ratelimit.RateLimit;
import dev.latchkey.auth.core.ratelimit.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link RateLimiter} in memory: a fixed window per key, updated inside {@link ConcurrentHashMap#compute} so that
 * parallel attempts are counted exactly. Idle keys are swept periodically.
 */
public final class InMemoryRateLimiter implements RateLimiter {
  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final Sweeper sweeper = new Sweeper();

  @Override
  public RateDecision acquire(String key, RateLimit limit, Instant now) {
    if (sweeper.due(now)) {
      states.values().removeIf(s -> !now.isBefore(s.forgetAt));
    }
    RateDecision[] decision = new RateDecision[1];
    states.compute(key, (k, old) -> {
      State s = old == null || !now.isBefore(old.forgetAt) ? State.fresh(now) : old;
      if (now.isBefore(s.lockedUntil)) {
        decision[0] = new RateDecision.Denied(Duration.between(now, s.lockedUntil));
        return s;
      }
      if (!now.isBefore(s.windowStart.plus(limit.window()))) {
        s = new State(0, now, s.lockedUntil, s.lockouts, s.forgetAt);
      }
      if (s.count < limit.maxAttempts()) {
        decision[0] = new RateDecision.Allowed(limit.maxAttempts() - s.count - 1);
        Instant forget = later(s.forgetAt, now.plus(limit.window()).plus(limit.maxLockout()));
        return new State(s.count + 1, s.windowStart, s.lockedUntil, s.lockouts, forget);
      }
      Duration lockout = limit.lockoutAfter(s.lockouts);
      Instant until = now.plus(lockout);
      decision[0] = new RateDecision.Denied(lockout);
      return new State(0, until, until, s.lockouts + 1, later(s.forgetAt, until.plus(limit.maxLockout())));
    });
    return decision[0];
  }

  @Override
  public void reset(String key) {
    states.remove(key);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private record State(int count, Instant windowStart, Instant lockedUntil, int lockouts, Instant forgetAt) {
    static State fresh(Instant now) {
      return new State(0, now, Instant.MIN, 0, now);
    }
  }
}
