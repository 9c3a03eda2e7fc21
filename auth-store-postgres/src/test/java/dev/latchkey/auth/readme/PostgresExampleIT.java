package dev.latchkey.auth.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.store.postgres.PostgresDatabase;
import dev.latchkey.auth.store.postgres.PostgresOptions;
import dev.latchkey.auth.store.postgres.PostgresStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Runs README.md's PostgreSQL example against the test server (in a schema of its own, dropped afterwards). */
class PostgresExampleIT {
  @Test
  void postgresExampleRuns() throws Exception {
    PostgresDatabase.Server server = PostgresDatabase.server();
    String jdbcUrl = server.adminUrl();
    String user = server.user();
    String password = server.password();
    String schema = "readme_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    try {
      // README:postgres:start
      try (PostgresStores postgres = PostgresStores.connect(jdbcUrl, user, password,
          PostgresOptions.defaults().withSchema(schema))) { // migrates on start; tables live in their own schema
        postgres.startPurging(Duration.ofHours(1));        // expired sessions, tokens and counters go away
        Auth auth = Auth.builder()
            .issuer("https://auth.example.com")
            .audience("my-api")
            .stores(postgres.stores())                      // users, sessions, keys... survive restarts
            .build();

        auth.register(Registration.of("alice", "alice@example.com", "correct horse battery staple"));
        LoginResult result = auth.login("alice", "correct horse battery staple", ClientInfo.unknown());
        assertThat(result).isInstanceOf(LoginResult.Success.class);
      }
      // README:postgres:end
    } finally {
      try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement st = c.createStatement()) {
        st.execute("drop schema if exists " + schema + " cascade");
      }
    }
  }
}
