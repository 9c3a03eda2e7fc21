package dev.latchkey.example.orders;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tests' PostgreSQL, found the way the project's other tests find it: a server on 127.0.0.1:5432 (user
 * {@code postgres}, trust), else an embedded one (zonky: real PostgreSQL binaries from Maven, started once per test JVM
 * and stopped at exit), so the tests pass on a machine with only a JDK. {@code LATCHKEY_TEST_POSTGRES=embedded} skips
 * the local server. Each test class gets a database of its own.
 */
final class TestPostgres {
  private static final Logger LOG = LoggerFactory.getLogger(TestPostgres.class);
  private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/";
  private static @Nullable String prefix;

  private TestPostgres() {}

  /** The JDBC URL prefix of the server (a database name completes it), found once per JVM. */
  static synchronized String server() {
    if (prefix != null) {
      return prefix;
    }
    if (!"embedded".equals(System.getenv("LATCHKEY_TEST_POSTGRES")) && reachable(LOCAL + "postgres")) {
      prefix = LOCAL;
      LOG.info("tests use the local PostgreSQL on 127.0.0.1:5432");
    } else {
      try {
        EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            embedded.close();
          } catch (IOException e) {
            LOG.warn("the embedded PostgreSQL did not stop: {}", e.toString());
          }
        }));
        prefix = "jdbc:postgresql://127.0.0.1:" + embedded.getPort() + "/";
        LOG.info("tests use an embedded PostgreSQL on port {}", embedded.getPort());
      } catch (IOException e) {
        throw new UncheckedIOException("no PostgreSQL on 127.0.0.1:5432 and the embedded one did not start", e);
      }
    }
    return prefix;
  }

  /** Creates an empty database and returns its JDBC URL (user postgres). */
  static String newDatabase() {
    String name = "orders_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("create database " + name);
    return server() + name + "?user=postgres";
  }

  /** Drops a database {@link #newDatabase} created, ending its connections. */
  static void dropDatabase(String url) {
    String name = url.substring(server().length(), url.indexOf('?'));
    execute("drop database if exists " + name + " with (force)");
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(server() + "postgres", "postgres", null);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new AssertionError("the test PostgreSQL refused: " + sql, e);
    }
  }

  private static boolean reachable(String url) {
    try (Connection c = DriverManager.getConnection(url, "postgres", null)) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }
}
