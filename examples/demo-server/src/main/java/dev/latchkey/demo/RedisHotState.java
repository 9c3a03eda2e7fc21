package dev.latchkey.demo;

import dev.latchkey.auth.core.Stores;
import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.store.redis.RedisOptions;
import dev.latchkey.auth.store.redis.RedisStores;
import java.util.List;

/**
 * Redis for the hot state, wired outside {@link DemoServer}'s own methods: verifying a method that names
 * {@link RedisStores} loads that class and, through it, about a hundred Jedis classes, which the launcher's AOT cache
 * would then map into every start, Redis or not. Named only here, they load only when {@code LATCHKEY_REDIS_URL} is set.
 */
final class RedisHotState {
  private RedisHotState() {}

  /** The stores with Redis for sessions, revocations and limits, and the lookup {@code /health/ready} runs. */
  record Attached(Stores stores, Runnable lookup) {}

  /**
   * Connects to {@code url} and checks that it answers (else a {@link StartChecks.Failure} naming
   * {@code LATCHKEY_REDIS_URL}); the client joins {@code resources}, to be closed with the server.
   */
  static Attached attach(String url, String prefix, Stores base, List<AutoCloseable> resources) {
    RedisStores redis = RedisStores.connect(url, RedisOptions.defaults().withPrefix(prefix));
    resources.add(redis);
    Runnable lookup = () -> redis.sessions().find(SessionId.random());
    try {
      lookup.run();
    } catch (RuntimeException e) {
      throw StartChecks.redis(url, e);
    }
    return new Attached(redis.applyTo(base), lookup);
  }
}
