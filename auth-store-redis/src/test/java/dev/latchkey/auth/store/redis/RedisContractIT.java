package dev.latchkey.auth.store.redis;

import dev.latchkey.auth.core.otp.OneTimeTokenStore;
import dev.latchkey.auth.core.ratelimit.RateLimiter;
import dev.latchkey.auth.core.session.SessionStore;
import dev.latchkey.auth.core.token.RevocationStore;
import dev.latchkey.auth.testkit.MutableClock;
import dev.latchkey.auth.testkit.OneTimeTokenStoreContract;
import dev.latchkey.auth.testkit.RateLimiterContract;
import dev.latchkey.auth.testkit.RevocationStoreContract;
import dev.latchkey.auth.testkit.SessionStoreContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** The auth-testkit contract suites of the ports Redis implements, against real Redis, a key prefix per store. */
class RedisContractIT {
  private static UnifiedJedis client;
  private static final List<String> PREFIXES = new ArrayList<>();

  @BeforeAll
  static void connect() {
    client = RedisClient.create(java.net.URI.create(RedisTestServer.uri()));
  }

  @AfterAll
  static void cleanUp() {
    PREFIXES.forEach(p -> RedisTestServer.clean(client, p));
    client.close();
  }

  private static RedisStores stores(MutableClock clock) {
    String prefix = RedisTestServer.newPrefix();
    synchronized (PREFIXES) {
      PREFIXES.add(prefix);
    }
    return RedisStores.create(client, RedisOptions.defaults().withPrefix(prefix).withClock(clock));
  }

  @Nested
  class Sessions extends SessionStoreContract {
    @Override
    protected SessionStore createStore(MutableClock clock) {
      return stores(clock).sessions();
    }
  }

  @Nested
  class Revocations extends RevocationStoreContract {
    @Override
    protected RevocationStore createStore(MutableClock clock) {
      return stores(clock).revocations();
    }
  }

  @Nested
  class OneTimeTokens extends OneTimeTokenStoreContract {
    @Override
    protected OneTimeTokenStore createStore(MutableClock clock) {
      return stores(clock).oneTimeTokens();
    }
  }

  @Nested
  class RateLimits extends RateLimiterContract {
    @Override
    protected RateLimiter createStore(MutableClock clock) {
      return stores(clock).rateLimiter();
    }
  }
}
