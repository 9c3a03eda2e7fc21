package dev.latchkey.auth.core.memory;

import dev.latchkey.auth.core.ratelimit.RateDecision;
import dev.latchkey.auth.core.ratelimit.RateLimit;
import dev.latchkey.auth.core.ratelimit.RateLimitState;
import dev.latchkey.auth.core.ratelimit.RateLimiter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link RateLimiter} in memory: {@link RateLimitState#attempt} applied inside {@link ConcurrentHashMap#compute}, so
 * that parallel attempts are counted exactly. Idle keys are swept periodically.
 */
public final class InMemoryRateLimiter implements RateLimiter {
  private final Map<String, RateLimitState> states = new ConcurrentHashMap<>();
  private final Sweeper sweeper = new Sweeper();

  @Override
  public RateDecision acquire(String key, RateLimit limit, Instant now) {
    if (sweeper.due(now)) {
      states.values().removeIf(s -> !now.isBefore(s.forgetAt()));
    }
    RateDecision[] decision = new RateDecision[1];
    states.compute(key, (k, old) -> {
      RateLimitState.Outcome outcome = (old == null ? RateLimitState.fresh(now) : old).attempt(limit, now);
      decision[0] = outcome.decision();
      return outcome.next();
    });
    return decision[0];
  }

  @Override
  public void reset(String key) {
    states.computeIfPresent(key, (k, s) -> s.release());
  }

  @Override
  public void refund(String key, RateLimit limit, Instant countedAt) {
    states.computeIfPresent(key, (k, s) -> s.refund(limit, countedAt));
  }

  @Override
  public List<String> lockedKeys(String keyPrefix, Instant now, int limit) {
    return states.entrySet().stream()
        .filter(e -> e.getKey().startsWith(keyPrefix) && now.isBefore(e.getValue().lockedUntil())
            && now.isBefore(e.getValue().forgetAt()))
        .map(Map.Entry::getKey)
        .limit(limit)
        .toList();
  }
}
