package dev.latchkey.auth.store.redis;

import dev.latchkey.auth.testkit.MutableClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** The auth-testkit contract suites of the ports Redis implements, against a standalone Redis. */
class RedisContractIT extends RedisContractSuites {
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

  @Override
  protected RedisStores stores(MutableClock clock) {
    String prefix = RedisTestServer.newPrefix();
    synchronized (PREFIXES) {
      PREFIXES.add(prefix);
    }
    return RedisStores.create(client, RedisOptions.defaults().withPrefix(prefix).withClock(clock));
  }
}
