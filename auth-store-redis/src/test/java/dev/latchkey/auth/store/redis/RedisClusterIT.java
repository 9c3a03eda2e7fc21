package dev.latchkey.auth.store.redis;

import dev.latchkey.auth.testkit.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The contract suites against a real three-master Redis Cluster: every operation must stay on one slot (a
 * cross-slot script or MGET fails with CROSSSLOT), which the hash tags guarantee.
 */
class RedisClusterIT extends RedisContractSuites {
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

  @Override
  protected RedisStores stores(MutableClock clock) {
    return RedisStores.create(client, RedisOptions.defaults().withPrefix(RedisTestServer.newPrefix()).withClock(clock));
  }
}
