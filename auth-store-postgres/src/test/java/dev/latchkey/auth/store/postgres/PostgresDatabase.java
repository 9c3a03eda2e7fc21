package dev.latchkey.auth.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.auth.core.Stores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database of its own for one test class, on the server DESIGN.md "Test services" finds: the URL in
 * {@code LATCHKEY_TEST_POSTGRES_URL} (with {@code LATCHKEY_TEST_POSTGRES_USER}/{@code _PASSWORD}), else a server on
 * 127.0.0.1:5432 (user {@code postgres}), else a Testcontainers PostgreSQL where a Docker engine runs, else an
 * embedded PostgreSQL from Maven artifacts (zonky; {@code LATCHKEY_TEST_POSTGRES=embedded} skips the local server and
 * Docker). Each {@link #stores} call gets a fresh
 * schema; the database is dropped after the class.
 */
public final class PostgresDatabase implements BeforeAllCallback, AfterAllCallback {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresDatabase.class);
  private static @Nullable Server server;

  private @Nullable String name;
  private @Nullable HikariDataSource pool;
  /** Nested test classes run the callbacks too: only the outermost pair creates and drops. */
  private int depth;

  /** Where the test server is and how to log in; {@code adminUrl} points at its {@code postgres} database. */
  public record Server(
      String adminUrl, String urlPrefix, @Nullable String user, @Nullable String password, String source) {
    /** The JDBC URL of another database on the same server. */
    public String url(String database) {
      return urlPrefix + database;
    }

    /** The JDBC URL of another database with the user and password as URL parameters, for callers given only a URL. */
    public String urlWithCredentials(String database) {
      StringBuilder url = new StringBuilder(url(database));
      if (user != null) {
        url.append("?user=").append(URLEncoder.encode(user, StandardCharsets.UTF_8));
        if (password != null) {
          url.append("&password=").append(URLEncoder.encode(password, StandardCharsets.UTF_8));
        }
      }
      return url.toString();
    }
  }

  /** Creates a database named {@code prefix} and a random suffix on the test server, and returns its name. */
  public static String createDatabase(String prefix) {
    String database = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try {
      execute(server(), "create database " + database);
    } catch (SQLException e) {
      throw new IllegalStateException("the test PostgreSQL (" + server().source() + ") refused to create " + database,
          e);
    }
    return database;
  }

  /** Drops a database {@link #createDatabase} made, ending its sessions. */
  public static void dropDatabase(String database) {
    try {
      execute(server(), "drop database if exists " + database + " with (force)");
    } catch (SQLException e) {
      throw new IllegalStateException("the test PostgreSQL (" + server().source() + ") refused to drop " + database, e);
    }
  }

  /** The server the tests use, found once per JVM. */
  public static synchronized Server server() {
    if (server != null) {
      return server;
    }
    String env = System.getenv("LATCHKEY_TEST_POSTGRES_URL");
    if (env != null && !env.isBlank()) {
      String prefix = env.substring(0, env.lastIndexOf('/') + 1);
      server = new Server(env, prefix, System.getenv("LATCHKEY_TEST_POSTGRES_USER"),
          System.getenv("LATCHKEY_TEST_POSTGRES_PASSWORD"), "LATCHKEY_TEST_POSTGRES_URL");
    } else if (!"embedded".equals(System.getenv("LATCHKEY_TEST_POSTGRES"))
        && reachable("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", null)) {
      server = new Server("jdbc:postgresql://127.0.0.1:5432/postgres", "jdbc:postgresql://127.0.0.1:5432/",
          "postgres", null, "local server on 127.0.0.1:5432");
    } else if (!"embedded".equals(System.getenv("LATCHKEY_TEST_POSTGRES")) && dockerAvailable()) {
      PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
      container.start();
      String url = container.getJdbcUrl();
      String prefix = url.substring(0, url.lastIndexOf('/') + 1);
      server = new Server(prefix + "postgres", prefix, container.getUsername(), container.getPassword(),
          "Testcontainers PostgreSQL " + container.getDockerImageName());
    } else {
      try {
        EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
        String url = embedded.getJdbcUrl("postgres", "postgres");
        server = new Server(url, url.substring(0, url.lastIndexOf('/') + 1).replace("?", ""), "postgres", null,
            "embedded PostgreSQL (zonky) on port " + embedded.getPort());
      } catch (IOException e) {
        throw new UncheckedIOException("no PostgreSQL found and the embedded one did not start", e);
      }
    }
    LOG.info("PostgreSQL tests use the {}", server.source());
    return server;
  }

  /** Testcontainers' own probe; false (after about half a second) where no Docker engine runs, as here. */
  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static boolean reachable(String url, String user, @Nullable String password) {
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    if (depth++ > 0) {
      return;
    }
    Server s = server();
    name = createDatabase("latchkey_test_");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(s.url(name));
    config.setUsername(s.user());
    config.setPassword(s.password());
    config.setMaximumPoolSize(24);
    config.setPoolName(name);
    pool = new HikariDataSource(config);
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    if (--depth > 0) {
      return;
    }
    if (pool != null) {
      pool.close();
    }
    if (name != null) {
      dropDatabase(name);
    }
  }

  HikariDataSource dataSource() {
    if (pool == null) {
      throw new IllegalStateException("the database is created before all tests of the class");
    }
    return pool;
  }

  /** Fresh, migrated stores in a schema of their own. */
  Stores stores(Clock clock) {
    return create(clock).stores();
  }

  /** A fresh {@link PostgresStores} in a schema of its own. */
  PostgresStores create(Clock clock) {
    return create(clock, newSchemaName());
  }

  /** A {@link PostgresStores} in the given schema (created and migrated if needed). */
  PostgresStores create(Clock clock, String schema) {
    return PostgresStores.create(dataSource(), PostgresOptions.defaults().withSchema(schema).withClock(clock));
  }

  static String newSchemaName() {
    return "s_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
  }

  private static void execute(Server s, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(s.adminUrl(), s.user(), s.password());
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
