package dev.latchkey.auth.store.redis;

import dev.latchkey.auth.core.StoreUnavailableException;
import dev.latchkey.auth.core.memory.InMemoryRateLimiter;
import dev.latchkey.auth.core.ratelimit.RateDecision;
import dev.latchkey.auth.core.ratelimit.RateLimit;
import dev.latchkey.auth.core.ratelimit.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RateLimiter} over Redis: one script per attempt applies the rules of the core's
 * {@code RateLimitState.attempt} (same window, lockout doubling and cap) atomically, in milliseconds, so parallel
 * attempts on any number of instances are counted exactly in one round trip.
 *
 * <p>When Redis is down the limiter falls back to an in-process limiter rather than to no limit: each instance then
 * counts on its own until Redis returns (documented in README.md).
 */
final class RedisRateLimiter implements RateLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimiter.class);

  /** KEYS[1] state; ARGV now_ms, max, window_ms, lockout_ms, max_lockout_ms. Returns {allowed(1|0), n}. */
  private static final String ATTEMPT = """
      local now, max, win = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
      local lock, maxLock = tonumber(ARGV[4]), tonumber(ARGV[5])
      local s = redis.call('HMGET', KEYS[1], 'a', 'ws', 'lu', 'lo', 'fa')
      local a, ws, lu, lo, fa = tonumber(s[1]), tonumber(s[2]), tonumber(s[3]), tonumber(s[4]), tonumber(s[5])
      if not a or now >= fa then a, ws, lu, lo, fa = 0, now, 0, 0, now end
      if now < lu then return {0, lu - now} end
      if now >= ws + win then a, ws = 0, now end
      local result
      if a < max then
        result = {1, max - a - 1}
        a = a + 1
        fa = math.max(fa, now + win + maxLock)
      else
        local d, i = lock, 0
        while i < lo and d < maxLock do d, i = d * 2, i + 1 end
        if d > maxLock then d = maxLock end
        lu = now + d
        ws, a, lo = lu, 0, lo + 1
        fa = math.max(fa, lu + maxLock)
        result = {0, d}
      end
      redis.call('HSET', KEYS[1], 'a', a, 'ws', ws, 'lu', lu, 'lo', lo, 'fa', fa)
      redis.call('PEXPIRE', KEYS[1], math.max(1, fa - now))
      return result
      """;

  /** RateLimitState.release: KEYS[1] state. The count and the lock end; the lockout history stays until it expires. */
  private static final String RELEASE = """
      if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'a', 0, 'lu', 0) end
      return 0
      """;

  /** RateLimitState.refund: KEYS[1] state; ARGV counted_ms, window_ms. Gives back an attempt of the current window. */
  private static final String REFUND = """
      local at, win = tonumber(ARGV[1]), tonumber(ARGV[2])
      local s = redis.call('HMGET', KEYS[1], 'a', 'ws', 'fa')
      local a, ws, fa = tonumber(s[1]), tonumber(s[2]), tonumber(s[3])
      if a and a > 0 and at >= ws and at < ws + win and at < fa then redis.call('HSET', KEYS[1], 'a', a - 1) end
      return 0
      """;

  private final Redis redis;
  private final InMemoryRateLimiter fallback = new InMemoryRateLimiter();
  private final AtomicLong lastWarning = new AtomicLong();

  RedisRateLimiter(Redis redis) {
    this.redis = redis;
  }

  private String key(String key) {
    return redis.key("rl:" + key, "");
  }

  @Override
  public RateDecision acquire(String key, RateLimit limit, Instant now) {
    try {
      Object result = redis.eval(ATTEMPT, List.of(key(key)), List.of(Long.toString(now.toEpochMilli()),
          Integer.toString(limit.maxAttempts()), Long.toString(limit.window().toMillis()),
          Long.toString(limit.lockout().toMillis()), Long.toString(limit.maxLockout().toMillis())));
      List<?> pair = (List<?>) result;
      long n = ((Number) pair.get(1)).longValue();
      return ((Number) pair.get(0)).longValue() == 1 ? new RateDecision.Allowed((int) n)
          : new RateDecision.Denied(Duration.ofMillis(n));
    } catch (StoreUnavailableException e) {
      warnFallback();
      return fallback.acquire(key, limit, now);
    }
  }

  @Override
  public void reset(String key) {
    fallback.reset(key);
    try {
      redis.eval(RELEASE, List.of(key(key)), List.of());
    } catch (StoreUnavailableException e) {
      warnFallback();
    }
  }

  @Override
  public void refund(String key, RateLimit limit, Instant countedAt) {
    fallback.refund(key, limit, countedAt);
    try {
      redis.eval(REFUND, List.of(key(key)), List.of(Long.toString(countedAt.toEpochMilli()),
          Long.toString(limit.window().toMillis())));
    } catch (StoreUnavailableException e) {
      warnFallback();
    }
  }

  /** Scans the limiter's keys under the prefix and reads each one's lockout. */
  @Override
  public List<String> lockedKeys(String keyPrefix, Instant now, int limit) {
    String head = key(keyPrefix);
    head = head.substring(0, head.length() - keyPrefix.length() - 1); // "<prefix>{rl:"
    List<String> keys = List.copyOf(redis.scan(redis.keyPattern("rl:" + keyPrefix, "")));
    List<List<String>> states = redis.fieldsOf(keys, "lu", "fa");
    long nowMillis = now.toEpochMilli();
    List<String> locked = new ArrayList<>();
    for (int i = 0; i < keys.size() && locked.size() < limit; i++) {
      List<String> state = states.get(i);
      if (state.get(0) != null && state.get(1) != null && Long.parseLong(state.get(0)) > nowMillis
          && Long.parseLong(state.get(1)) > nowMillis) {
        locked.add(keys.get(i).substring(head.length(), keys.get(i).length() - 1));
      }
    }
    return List.copyOf(locked);
  }

  private void warnFallback() {
    long now = System.currentTimeMillis();
    long last = lastWarning.get();
    if (now - last > 60_000 && lastWarning.compareAndSet(last, now)) {
      LOG.warn("Redis is unavailable: rate limits are counted in this process until it returns");
    }
  }
}
