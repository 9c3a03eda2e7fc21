package dev.latchkey.auth.store.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the Redis stores.
 *
 * @param prefix prepended to every key (default {@code latchkey:}), so Latchkey shares a Redis with its host
 * @param clock the clock expiry is judged by (default system UTC); keys also get a TTL so Redis drops them itself
 * @param timeout connect and socket timeout of clients built by {@link RedisStores#connect} (default 2 s): a Redis
 *     that is down or slower answers {@code StoreUnavailableException} within it
 * @param maxConnections pool size of clients built by {@link RedisStores#connect} (default 16)
 */
public record RedisOptions(String prefix, Clock clock, Duration timeout, int maxConnections) {

  /** Validates the settings. */
  public RedisOptions {
    Objects.requireNonNull(prefix, "redisOptions.prefix");
    Objects.requireNonNull(clock, "redisOptions.clock");
    Objects.requireNonNull(timeout, "redisOptions.timeout");
    if (prefix.contains("{") || prefix.contains("}")) {
      throw new IllegalArgumentException("redisOptions.prefix must not contain '{' or '}' (they are hash tags)");
    }
    if (timeout.compareTo(Duration.ofMillis(10)) < 0 || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("redisOptions.timeout must be between 10 ms and 1 minute");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("redisOptions.maxConnections must be at least 1");
    }
  }

  /** Prefix {@code latchkey:}, system clock, 2 s timeout, 16 connections. */
  public static RedisOptions defaults() {
    return new RedisOptions("latchkey:", Clock.systemUTC(), Duration.ofSeconds(2), 16);
  }

  /** A copy with another key prefix. */
  public RedisOptions withPrefix(String newPrefix) {
    return new RedisOptions(newPrefix, clock, timeout, maxConnections);
  }

  /** A copy judging expiry by another clock. */
  public RedisOptions withClock(Clock newClock) {
    return new RedisOptions(prefix, newClock, timeout, maxConnections);
  }

  /** A copy with another timeout. */
  public RedisOptions withTimeout(Duration newTimeout) {
    return new RedisOptions(prefix, clock, newTimeout, maxConnections);
  }
}
