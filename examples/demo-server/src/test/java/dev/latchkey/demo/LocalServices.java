package dev.latchkey.demo;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The machine's PostgreSQL and Redis (DEVELOPERS.md: started by {@code .ci/run}); each test gets a database or key
 * prefix of its own and removes it afterwards. When nothing listens on 5432 or 6379 (a machine with only a JDK, or
 * no network), a PostgreSQL (embedded, from Maven Central) and a {@code redis-server} process of this test JVM's own
 * stand in, started once and stopped at exit.
 */
final class LocalServices {
  static final String POSTGRES = reachable(5432) ? "jdbc:postgresql://127.0.0.1:5432/" : ownPostgres();
  static final String REDIS = reachable(6379) ? "redis://127.0.0.1:6379" : ownRedis();

  private LocalServices() {}

  static boolean postgresUp() {
    return POSTGRES != null;
  }

  static boolean redisUp() {
    return REDIS != null;
  }

  private static String ownPostgres() {
    try {
      OwnStores.Postgres own = new OwnStores.Postgres(java.nio.file.Files.createTempDirectory("latchkey-demo-pg"));
      Runtime.getRuntime().addShutdownHook(new Thread(own::close));
      String url = own.jdbcUrl();
      return url.substring(0, url.indexOf("/postgres?") + 1);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static @org.jspecify.annotations.Nullable String ownRedis() {
    try {
      OwnStores.Redis own = new OwnStores.Redis(java.nio.file.Files.createTempDirectory("latchkey-demo-redis"));
      Runtime.getRuntime().addShutdownHook(new Thread(own::close));
      return own.url();
    } catch (java.io.IOException | RuntimeException e) {
      return null; // no redis-server installed: the Redis test says "local PostgreSQL and Redis" are needed
    }
  }

  private static boolean reachable(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** Creates a fresh database and returns its JDBC URL (user postgres, trust auth). */
  static String newDatabase() {
    String name = "latchkey_demo_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("create database " + name);
    return POSTGRES + name + "?user=postgres";
  }

  static void dropDatabase(String url) {
    String name = url.substring(POSTGRES.length(), url.indexOf('?'));
    execute("drop database if exists " + name + " with (force)");
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(POSTGRES + "postgres", "postgres", null);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new AssertionError("the test PostgreSQL (" + POSTGRES + ") refused: " + sql, e);
    }
  }
}
