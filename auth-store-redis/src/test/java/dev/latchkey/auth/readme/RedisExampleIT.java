package dev.latchkey.auth.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.Stores;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.store.redis.RedisOptions;
import dev.latchkey.auth.store.redis.RedisStores;
import dev.latchkey.auth.store.redis.RedisTestServer;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** Runs README.md's Redis example against the test server (under a key prefix of its own, removed afterwards). */
class RedisExampleIT {

  @Test
  void redisExampleRuns() {
    String redisUrl = RedisTestServer.uri();
    String prefix = RedisTestServer.newPrefix();
    Stores primary = InMemoryStores.create(Clock.systemUTC()); // in a service: postgres.stores()
    // README:redis:start
    try (RedisStores redis = RedisStores.connect(redisUrl, RedisOptions.defaults().withPrefix(prefix))) {
      Auth auth = Auth.builder().issuer("https://auth.example.com").audience("my-api")
          .stores(redis.applyTo(primary)) // users stay in the primary store; sessions, revocations, limits go to Redis
          .build();

      auth.register(Registration.of("alice", "alice@example.com", "correct horse battery staple"));
      LoginResult result = auth.login("alice", "correct horse battery staple", ClientInfo.unknown());
      assertThat(result).isInstanceOf(LoginResult.Success.class);
    }
    // README:redis:end
    try (var client = RedisClient.create(java.net.URI.create(redisUrl))) {
      RedisTestServer.clean(client, prefix);
    }
  }
}
