package dev.latchkey.auth.store.redis;

import dev.latchkey.auth.testkit.MutableClock;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/** The contract suites through Jedis's Sentinel client, against a local master and Sentinel. */
class RedisSentinelIT extends RedisContractSuites {
  private static LocalRedisSentinel topology;
  private static UnifiedJedis client;

  @BeforeAll
  static void start() throws Exception {
    topology = new LocalRedisSentinel();
    client = RedisSentinelClient.builder().masterName(LocalRedisSentinel.MASTER)
        .sentinels(Set.of(topology.sentinel())).build();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (topology != null) {
      topology.close();
    }
  }

  @Override
  protected RedisStores stores(MutableClock clock) {
    return RedisStores.create(client, RedisOptions.defaults().withPrefix(RedisTestServer.newPrefix()).withClock(clock));
  }
}
