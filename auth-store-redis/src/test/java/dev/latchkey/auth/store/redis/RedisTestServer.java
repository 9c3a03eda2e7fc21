package dev.latchkey.auth.store.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.embedded.RedisServer;

/**
 * The Redis the tests use, found as DESIGN.md "Test services" says: {@code LATCHKEY_TEST_REDIS_URL}, else a server on
 * 127.0.0.1:6379, else a Testcontainers Redis where a Docker engine runs, else an embedded Redis 6.2 from a Maven
 * artifact ({@code LATCHKEY_TEST_REDIS=embedded} skips the local server and Docker). Each test works under a key
 * prefix of its own, removed afterwards.
 */
public final class RedisTestServer {
  private static final Logger LOG = LoggerFactory.getLogger(RedisTestServer.class);
  private static @Nullable String uri;

  private RedisTestServer() {}

  /** The server's URI, found once per JVM. */
  public static synchronized String uri() {
    if (uri != null) {
      return uri;
    }
    String env = System.getenv("LATCHKEY_TEST_REDIS_URL");
    if (env != null && !env.isBlank()) {
      uri = env;
      LOG.info("Redis tests use LATCHKEY_TEST_REDIS_URL");
    } else if (!"embedded".equals(System.getenv("LATCHKEY_TEST_REDIS")) && answers("redis://127.0.0.1:6379")) {
      uri = "redis://127.0.0.1:6379";
      LOG.info("Redis tests use the local server on 127.0.0.1:6379");
    } else if (!"embedded".equals(System.getenv("LATCHKEY_TEST_REDIS")) && dockerAvailable()) {
      GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("redis:7-alpine"))
          .withExposedPorts(6379);
      container.start();
      uri = "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
      LOG.info("Redis tests use a Testcontainers Redis");
    } else {
      try {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
          port = s.getLocalPort();
        }
        RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
            .setting("appendonly no").build();
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            server.stop();
          } catch (IOException e) {
            LOG.warn("embedded Redis did not stop cleanly");
          }
        }));
        uri = "redis://127.0.0.1:" + port;
        LOG.info("Redis tests use an embedded Redis on port {}", port);
      } catch (IOException e) {
        throw new UncheckedIOException("no Redis found and the embedded one did not start", e);
      }
    }
    return uri;
  }

  /** Testcontainers' own probe; false where no Docker engine runs, as here. */
  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static boolean answers(String candidate) {
    try (UnifiedJedis c = RedisClient.create(java.net.URI.create(candidate))) {
      return "PONG".equals(c.ping());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A fresh prefix for one test. */
  public static String newPrefix() {
    return "latchkey-test:" + UUID.randomUUID().toString().substring(0, 8) + ":";
  }

  /** Deletes every key under {@code prefix} (test clean-up only: the library itself never scans). */
  public static void clean(UnifiedJedis client, String prefix) {
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      var page = client.scan(cursor, new ScanParams().match(prefix + "*").count(500));
      for (String key : page.getResult()) {
        client.del(key);
      }
      cursor = page.getCursor();
    } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
  }
}
