package dev.latchkey.auth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.AuthTokens;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.RefreshResult;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.Stores;
import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.testkit.MutableClock;
import dev.latchkey.auth.testkit.Race;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;

/** The core's flows with sessions, revocations, limits and one-time tokens in Redis. */
class RedisFlowIT {
  private static final String PASSWORD = "correct horse battery staple";

  private final MutableClock clock = MutableClock.standard();
  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();
  private final String prefix = RedisTestServer.newPrefix();
  private UnifiedJedis client;
  private Stores stores;
  private Auth auth;

  @BeforeEach
  void setUp() {
    client = RedisClient.create(java.net.URI.create(RedisTestServer.uri()));
    RedisStores redis = RedisStores.create(client, RedisOptions.defaults().withPrefix(prefix).withClock(clock));
    stores = redis.applyTo(InMemoryStores.create(clock));
    auth = instance();
    auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
  }

  @AfterEach
  void tearDown() {
    RedisTestServer.clean(client, prefix);
    client.close();
  }

  private Auth instance() {
    return Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
        .eventListener(events::add).build();
  }

  private AuthTokens login(Auth a) {
    return ((LoginResult.Success) a.login("alice", PASSWORD, ClientInfo.unknown())).tokens();
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
  @DisplayName("20 threads refreshing one token: each gets a pair or a refusal, and one lineage lives on")
  void concurrentRefresh() {
    AuthTokens first = login(auth);
    List<RefreshResult> results = Race.run(20, i -> auth.refresh(first.refreshToken().reveal(), ClientInfo.unknown()));
    assertThat(results).allMatch(r -> r instanceof RefreshResult.Success || r instanceof RefreshResult.InvalidToken);
    long working = results.stream().filter(r -> r instanceof RefreshResult.Success)
        .map(r -> ((RefreshResult.Success) r).tokens())
        .filter(t -> auth.refresh(t.refreshToken().reveal(), ClientInfo.unknown()) instanceof RefreshResult.Success)
        .count();
    assertThat(working).isEqualTo(1);
  }

  @Test
  @DisplayName("100 parallel failed logins: exactly the threshold reach the password check")
  void parallelFailedLogins() {
    Race.run(100, i -> auth.login("alice", "wrong password number " + i, ClientInfo.unknown()));
    long checked = events.stream().filter(e -> e.type() == AuthEventType.LOGIN_FAILED)
        .filter(e -> "password".equals(e.details().get("reason"))).count();
    assertThat(checked).isEqualTo(10);
  }

  @Test
  @DisplayName("two instances share sessions and revocations: a logout on A is refused on B")
  void twoInstances() {
    Auth other = instance();
    AuthTokens fromA = login(auth);
    var principal = ((TokenVerification.Valid) other.verify(fromA.accessToken().token())).principal();
    other.logout(principal, ClientInfo.unknown());
    assertThat(auth.verify(fromA.accessToken().token())).isInstanceOf(TokenVerification.Invalid.class);
    assertThat(auth.refresh(fromA.refreshToken().reveal(), ClientInfo.unknown()))
        .isInstanceOf(RefreshResult.InvalidToken.class);
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
