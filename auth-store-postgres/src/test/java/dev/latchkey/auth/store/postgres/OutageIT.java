package dev.latchkey.auth.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.AuthTokens;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.RefreshResult;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.StoreUnavailableException;
import dev.latchkey.auth.core.token.TokenVerification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL going away mid-test: its connections are killed and new ones refused (the shared test server itself
 * keeps running for the other tests). Every operation that needs the store fails closed with
 * {@link StoreUnavailableException} within the connection timeout, nothing is half-written, and the stores recover by
 * themselves when the database accepts connections again.
 */
class OutageIT {
  private static final String PASSWORD = "correct horse battery staple";
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final String database = "latchkey_outage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private PostgresDatabase.Server server;
  private PostgresStores pg;
  private Auth auth;

  @BeforeEach
  void setUp() throws Exception {
    server = PostgresDatabase.server();
    admin("create database " + database);
    pg = PostgresStores.connect(server.url(database), server.user(), server.password(),
        PostgresOptions.defaults().withConnectionTimeout(TIMEOUT));
    auth = Auth.builder().issuer("https://auth.example.test").audience("api").stores(pg.stores()).build();
    auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
  }

  @AfterEach
  void tearDown() throws Exception {
    admin("alter database " + database + " allow_connections true");
    pg.close();
    admin("drop database if exists " + database + " with (force)");
  }

  private void admin(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(server.adminUrl(), server.user(), server.password());
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private void takeDown() throws Exception {
    admin("alter database " + database + " allow_connections false");
    admin("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database + "'");
  }

  @Test
  @DisplayName("a database that goes away fails closed within the timeout and recovers by itself")
  void failsClosedAndRecovers() throws Exception {
    AuthTokens tokens = ((LoginResult.Success) auth.login("alice", PASSWORD, ClientInfo.unknown())).tokens();
    String access = tokens.accessToken().token();
    takeDown();

    long start = System.nanoTime();
    assertThatThrownBy(() -> auth.refresh(tokens.refreshToken().reveal(), ClientInfo.unknown()))
        .isInstanceOf(StoreUnavailableException.class).hasMessageNotContaining(tokens.refreshToken().reveal());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(4));
    assertThatThrownBy(() -> auth.login("alice", PASSWORD, ClientInfo.unknown()))
        .isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> auth.verify(access)).isInstanceOf(StoreUnavailableException.class);
    assertThat(auth.verifyStateless(access)).isInstanceOf(TokenVerification.Valid.class);

    admin("alter database " + database + " allow_connections true");
    // The pool reconnects by itself; each attempt waits at most the connection timeout, so no sleeping is needed.
    // Nothing was half-written: the refresh that failed changed nothing, so the old token still rotates.
    RefreshResult recovered = null;
    for (int attempt = 0; attempt < 15 && recovered == null; attempt++) {
      try {
        recovered = auth.refresh(tokens.refreshToken().reveal(), ClientInfo.unknown());
      } catch (StoreUnavailableException stillDown) {
        // the pool has not reconnected yet
      }
    }
    assertThat(recovered).isInstanceOf(RefreshResult.Success.class);
    assertThat(auth.verify(access)).isInstanceOf(TokenVerification.Valid.class);
  }
}
