package dev.latchkey.auth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.AuthTokens;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.RefreshResult;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.StoreUnavailableException;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.token.TokenVerification;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * Redis killed mid-test and brought back, on a server of the test's own: what needs Redis fails closed within the
 * timeout (the rate limiter falls back to in-process counting), and the stores recover without a restart.
 */
class RedisOutageIT {
  private static final String PASSWORD = "correct horse battery staple";
  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private RedisServer server;
  private RedisStores redis;

  @AfterEach
  void tearDown() throws Exception {
    if (redis != null) {
      redis.close();
    }
    if (server != null && server.isActive()) {
      server.stop();
    }
  }

  @Test
  @DisplayName("Redis going away fails closed within the timeout and the stores recover when it returns")
  void failsClosedAndRecovers() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
        .setting("appendonly no").build();
    server.start();
    redis = RedisStores.connect("redis://127.0.0.1:" + port, RedisOptions.defaults().withTimeout(TIMEOUT));
    Auth auth = Auth.builder().issuer("https://auth.example.test").audience("api")
        .stores(redis.applyTo(InMemoryStores.create(java.time.Clock.systemUTC()))).build();
    auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
    AuthTokens tokens = ((LoginResult.Success) auth.login("alice", PASSWORD, ClientInfo.unknown())).tokens();

    server.stop();
    long start = System.nanoTime();
    assertThatThrownBy(() -> auth.refresh(tokens.refreshToken().reveal(), ClientInfo.unknown()))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(10));
    assertThatThrownBy(() -> auth.verify(tokens.accessToken().token())).isInstanceOf(StoreUnavailableException.class);
    // Login still counts attempts (in process) and fails closed only where it needs the session store.
    assertThatThrownBy(() -> auth.login("alice", PASSWORD, ClientInfo.unknown()))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(auth.login("alice", "wrong password here", ClientInfo.unknown()))
        .isInstanceOf(LoginResult.InvalidCredentials.class);

    server.start();
    RefreshResult recovered = null;
    for (int attempt = 0; attempt < 20 && recovered == null; attempt++) {
      try {
        recovered = auth.refresh(tokens.refreshToken().reveal(), ClientInfo.unknown());
      } catch (StoreUnavailableException stillDown) {
        // the pool has not reconnected yet; each attempt waits at most the timeout
      }
    }
    // Redis here keeps nothing on disk, so the session died with it: the token is refused, not accepted.
    assertThat(recovered).isInstanceOf(RefreshResult.InvalidToken.class);
    assertThat(auth.login("alice", PASSWORD, ClientInfo.unknown())).isInstanceOf(LoginResult.Success.class);
    assertThat(auth.verify(tokens.accessToken().token())).isInstanceOf(TokenVerification.Valid.class);
  }
}
