package dev.latchkey.auth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.StoreUnavailableException;
import dev.latchkey.auth.core.ratelimit.RateDecision;
import dev.latchkey.auth.core.ratelimit.RateLimit;
import dev.latchkey.auth.core.session.RefreshPolicy;
import dev.latchkey.auth.core.session.Session;
import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.user.UserId;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.embedded.RedisServer;

/**
 * A Redis of the test's own (never the shared one) put into every state in which it answers with an error instead of
 * data: full, read-only replica, replica cut off from its master, busy with a long script, paused, scripts flushed,
 * foreign data under the prefix. What cannot serve now is {@link StoreUnavailableException} (HTTP 503) within the
 * timeout, what is a defect is an internal error naming the error code, and the stores work again as soon as the
 * server does.
 */
class RedisErrorsIT {
  private static final Duration TIMEOUT = Duration.ofMillis(400);
  private static final RateLimit LIMIT = new RateLimit(5, Duration.ofMinutes(15), Duration.ofMinutes(1),
      Duration.ofHours(1));

  private RedisServer server;
  private RedisStores redis;
  private Jedis admin;
  private int port;

  @BeforeEach
  void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
        .setting("appendonly no").build();
    server.start();
    admin = new Jedis("127.0.0.1", port, 10_000);
    redis = RedisStores.connect("redis://127.0.0.1:" + port, RedisOptions.defaults().withTimeout(TIMEOUT)
        .withPrefix("errors:"));
  }

  @AfterEach
  void stop() throws Exception {
    redis.close();
    admin.close();
    server.stop();
  }

  private void createSession() {
    redis.sessions().create(Session.start(SessionId.random(), UserId.random(), TokenHash.of(SessionId.random()
        .toString()), Clock.systemUTC().instant(), RefreshPolicy.defaults(), null, null));
  }

  private void revoke() {
    redis.revocations().revokeToken(UserId.random(), "jti", Clock.systemUTC().instant().plusSeconds(60));
  }

  @Test
  @DisplayName("OOM (maxmemory reached): writes are unavailable, the limiter counts in process, then all recovers")
  void outOfMemory() {
    createSession();
    admin.configSet("maxmemory-policy", "noeviction");
    admin.configSet("maxmemory", "1");
    assertThatThrownBy(this::createSession).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("OOM");
    assertThatThrownBy(this::revoke).isInstanceOf(StoreUnavailableException.class);
    assertThat(redis.rateLimiter().acquire("login:x", LIMIT, Clock.systemUTC().instant()))
        .isInstanceOf(RateDecision.Allowed.class);
    admin.configSet("maxmemory", "0");
    createSession();
    revoke();
  }

  @Test
  @DisplayName("READONLY (a replica after a failover) and MASTERDOWN (a replica without its master): unavailable")
  void replica() throws Exception {
    int nobody;
    try (ServerSocket s = new ServerSocket(0)) {
      nobody = s.getLocalPort();
    }
    admin.replicaof("127.0.0.1", nobody);
    assertThatThrownBy(this::createSession).isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("READONLY");
    admin.configSet("replica-serve-stale-data", "no");
    assertThatThrownBy(() -> redis.sessions().find(SessionId.random())).isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("MASTERDOWN");
    admin.replicaofNoOne();
    createSession();
    assertThat(redis.sessions().find(SessionId.random())).isEmpty();
  }

  @Test
  @DisplayName("BUSY (another client's script runs past lua-time-limit): unavailable, then served after SCRIPT KILL")
  void busy() throws Exception {
    admin.configSet("lua-time-limit", "50");
    CompletableFuture<Object> script = CompletableFuture.supplyAsync(() -> {
      try (Jedis looping = new Jedis("127.0.0.1", port, 30_000)) {
        return looping.eval("while true do end", 0);
      } catch (JedisDataException killed) {
        return killed.getMessage();
      }
    });
    try (Jedis probe = new Jedis("127.0.0.1", port, 10_000)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      boolean busy = false;
      while (!busy && System.nanoTime() < deadline) {
        try {
          probe.ping();
        } catch (JedisDataException e) {
          busy = e.getMessage().startsWith("BUSY");
        }
      }
      try {
        assertThat(busy).as("the looping script makes the server answer BUSY").isTrue();
        assertThatThrownBy(this::createSession).isInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("BUSY");
      } finally {
        probe.scriptKill(); // a busy server would not stop on SIGTERM
      }
    }
    assertThat(script.get()).asString().contains("killed");
    createSession();
  }

  @Test
  @DisplayName("a paused server (CLIENT PAUSE) is unavailable within the timeout, and serves again when it resumes")
  void paused() {
    createSession();
    admin.clientPause(3_000, ClientPauseMode.ALL);
    long start = System.nanoTime();
    assertThatThrownBy(this::createSession).isInstanceOf(StoreUnavailableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(4));
    admin.clientUnpause();
    StoreUnavailableException last = null;
    for (int attempt = 0; attempt < 10; attempt++) {
      try {
        createSession();
        last = null;
        break;
      } catch (StoreUnavailableException e) {
        last = e; // the pool drops the connection that timed out; each attempt waits at most the timeout
      }
    }
    assertThat(last).isNull();
  }

  @Test
  @DisplayName("scripts flushed (NOSCRIPT, as after a restart or failover) are loaded again without an error")
  void scriptsFlushed() {
    createSession();
    redis.rateLimiter().acquire("login:y", LIMIT, Clock.systemUTC().instant());
    admin.scriptFlush();
    createSession();
    assertThat(redis.rateLimiter().acquire("login:y", LIMIT, Clock.systemUTC().instant()))
        .isInstanceOf(RateDecision.Allowed.class);
  }

  @Test
  @DisplayName("foreign data under the prefix (WRONGTYPE) is an internal error naming the code, not an outage")
  void wrongType() {
    admin.set("errors:{rl:login:z}", "not a hash");
    assertThatThrownBy(() -> redis.rateLimiter().acquire("login:z", LIMIT, Clock.systemUTC().instant()))
        .isExactlyInstanceOf(IllegalStateException.class).hasMessageContaining("WRONGTYPE")
        .hasMessageNotContaining("login:z");
  }
}
