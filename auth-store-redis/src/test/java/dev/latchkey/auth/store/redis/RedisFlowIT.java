package dev.latchkey.auth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.AuthTokens;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.RefreshResult;
import dev.latchkey.auth.core.Stores;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.testkit.AuthFlowContract;
import dev.latchkey.auth.testkit.MutableClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;

/** The core's flows with Redis for the hot state (the shared {@link AuthFlowContract}), plus TTLs and hashes. */
class RedisFlowIT extends AuthFlowContract {
  private final String prefix = RedisTestServer.newPrefix();
  private UnifiedJedis client;

  @Override
  protected Stores createStores(MutableClock clock) {
    client = RedisClient.create(java.net.URI.create(RedisTestServer.uri()));
    RedisStores redis = RedisStores.create(client, RedisOptions.defaults().withPrefix(prefix).withClock(clock));
    return redis.applyTo(InMemoryStores.create(clock));
  }

  @AfterEach
  void tearDown() {
    RedisTestServer.clean(client, prefix);
    client.close();
  }

  private List<String> keys() {
    List<String> keys = new ArrayList<>();
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      var page = client.scan(cursor, new ScanParams().match(prefix + "*").count(500));
      keys.addAll(page.getResult());
      cursor = page.getCursor();
    } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
    return keys;
  }

  @Test
  @DisplayName("every key has a TTL, and refresh tokens appear only as hashes")
  void ttlsAndHashes() {
    AuthTokens a = login(auth);
    AuthTokens b = ((RefreshResult.Success) auth.refresh(a.refreshToken().reveal(), ClientInfo.unknown())).tokens();
    auth.requestPasswordReset("alice@example.com");
    var principal = ((TokenVerification.Valid) auth.verify(b.accessToken().token())).principal();
    auth.logout(principal, ClientInfo.unknown());
    login(auth);
    List<String> keys = keys();
    assertThat(keys).isNotEmpty();
    for (String key : keys) {
      assertThat(client.pttl(key)).as("TTL of %s", key).isPositive();
      String dump = switch (client.type(key)) {
        case "hash" -> client.hgetAll(key).toString();
        case "set" -> client.smembers(key).toString();
        default -> String.valueOf(client.get(key));
      };
      assertThat(dump).doesNotContain(a.refreshToken().reveal()).doesNotContain(b.refreshToken().reveal())
          .doesNotContain(PASSWORD);
    }
  }
}
