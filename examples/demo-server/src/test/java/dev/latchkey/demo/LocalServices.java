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
 * prefix of its own and removes it afterwards.
 */
final class LocalServices {
  static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
  static final String REDIS = "redis://127.0.0.1:6379";

  private LocalServices() {}

  static boolean postgresUp() {
    return reachable(5432);
  }

  static boolean redisUp() {
    return reachable(6379);
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
      throw new AssertionError("PostgreSQL on 127.0.0.1:5432 is needed (start it as DEVELOPERS.md says)", e);
    }
  }
}
