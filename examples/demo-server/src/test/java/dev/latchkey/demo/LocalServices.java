package dev.latchkey.demo;

import dev.latchkey.auth.store.postgres.PostgresDatabase;
import dev.latchkey.auth.store.redis.RedisTestServer;
import java.net.URI;
import redis.clients.jedis.RedisClient;

/**
 * The PostgreSQL and Redis the demo server's tests share, found as the adapter modules' tests find theirs (DESIGN.md
 * "Test services", through their {@link PostgresDatabase} and {@link RedisTestServer}): the environment's URL, else
 * the local server, else Testcontainers where Docker runs, else an embedded server. Each test gets a database or key
 * prefix of its own and removes it afterwards.
 */
final class LocalServices {
  private LocalServices() {}

  /** The Redis URL. */
  static String redis() {
    return RedisTestServer.uri();
  }

  /** Creates a fresh database and returns its JDBC URL with the user (and password) as URL parameters. */
  static String newDatabase() {
    return PostgresDatabase.server().urlWithCredentials(PostgresDatabase.createDatabase("latchkey_demo_"));
  }

  /** Drops a database {@link #newDatabase} created. */
  static void dropDatabase(String url) {
    String path = URI.create(url.substring("jdbc:".length())).getPath();
    PostgresDatabase.dropDatabase(path.substring(1));
  }

  /** Deletes every key under {@code prefix}. */
  static void cleanRedis(String prefix) {
    try (RedisClient client = RedisClient.create(URI.create(redis()))) {
      RedisTestServer.clean(client, prefix);
    }
  }
}
