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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The contract suites against a real three-master Redis Cluster: every operation must stay on one slot (a
 * cross-slot script or MGET fails with CROSSSLOT), which the hash tags guarantee.
 */
class RedisClusterIT {
  private static LocalRedisCluster cluster;
  private static UnifiedJedis client;

  @BeforeAll
  static void start() throws Exception {
    cluster = new LocalRedisCluster();
    client = RedisClusterClient.builder().nodes(cluster.nodes()).build();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static RedisStores stores(MutableClock clock) {
    return RedisStores.create(client, RedisOptions.defaults().withPrefix(RedisTestServer.newPrefix()).withClock(clock));
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
