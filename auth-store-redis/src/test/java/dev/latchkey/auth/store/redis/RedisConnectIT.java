package dev.latchkey.auth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.StoreUnavailableException;
import dev.latchkey.auth.core.session.RefreshPolicy;
import dev.latchkey.auth.core.session.Session;
import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.user.UserId;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.embedded.RedisServer;

/**
 * {@link RedisStores#connect} honours everything its URI says: the user and password (a Redis with
 * {@code requirepass}, as the demo stack runs it) and the database number. A Redis of the test's own.
 */
class RedisConnectIT {
  private static final String PASSWORD = "s3cret-redis-password";

  private RedisServer server;
  private Jedis admin;
  private int port;

  @BeforeEach
  void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
        .setting("appendonly no").setting("requirepass " + PASSWORD).build();
    server.start();
    admin = new Jedis("127.0.0.1", port, 10_000);
    admin.auth(PASSWORD);
  }

  @AfterEach
  void stop() throws Exception {
    admin.close();
    server.stop();
  }

  private static void createSession(RedisStores redis) {
    redis.sessions().create(Session.start(SessionId.random(), UserId.random(), TokenHash.of(SessionId.random()
        .toString()), Clock.systemUTC().instant(), RefreshPolicy.defaults(), null, null));
  }

  private RedisStores connect(String userInfo, String path) {
    return RedisStores.connect("redis://" + userInfo + "127.0.0.1:" + port + path, RedisOptions.defaults()
        .withTimeout(Duration.ofSeconds(2)).withPrefix("connect:"));
  }

  @Test
  @DisplayName("the password in the URI is sent: a Redis with requirepass accepts it, and keys land in the URI's database")
  void passwordAndDatabase() {
    try (RedisStores redis = connect("default:" + PASSWORD + "@", "/3")) {
      createSession(redis);
    }
    admin.select(3);
    assertThat(admin.keys("connect:*")).isNotEmpty();
    admin.select(0);
    assertThat(admin.keys("connect:*")).as("nothing in database 0").isEmpty();
  }

  @Test
  @DisplayName("a password alone (redis://:password@host) works too")
  void passwordOnly() {
    try (RedisStores redis = connect(":" + PASSWORD + "@", "")) {
      createSession(redis);
    }
    assertThat(admin.keys("connect:*")).isNotEmpty();
  }

  @Test
  @DisplayName("a wrong or missing password is refused as the store being unavailable, never half-connected")
  void wrongPassword() {
    try (RedisStores redis = connect("default:wrong@", "")) {
      assertThatThrownBy(() -> createSession(redis)).isInstanceOf(StoreUnavailableException.class);
    }
    try (RedisStores redis = connect("", "")) {
      assertThatThrownBy(() -> createSession(redis)).isInstanceOf(StoreUnavailableException.class);
    }
    assertThat(admin.keys("connect:*")).isEmpty();
  }
}
