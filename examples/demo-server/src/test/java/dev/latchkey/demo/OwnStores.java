package dev.latchkey.demo;

import dev.latchkey.auth.store.redis.RedisBinary;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Jedis;

/**
 * Stores that a fault test may stop and start: a PostgreSQL (zonky) and a {@code redis-server} process of the test's
 * own, on free ports, with their data in the test's directory. Never the machine's shared servers.
 */
final class OwnStores {
  private OwnStores() {}

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An embedded PostgreSQL whose data directory survives {@link #stop()}; {@link #start()} brings it back. */
  static final class Postgres implements AutoCloseable {
    private final Path dir;
    private final int port = freePort();
    private @Nullable EmbeddedPostgres server;

    Postgres(Path dir) {
      this.dir = dir;
      start();
    }

    String jdbcUrl() {
      return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /** Starts the server on its port and data directory (1-3 s). */
    void start() {
      try {
        server = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port)
            .setRegisterShutdownHook(true).start();
      } catch (IOException e) {
        throw new UncheckedIOException("the test's PostgreSQL did not start", e);
      }
    }

    /** Stops the server (fast shutdown: its sessions are ended, committed data stays). */
    void stop() {
      if (server != null) {
        try {
          server.close();
        } catch (IOException e) {
          throw new UncheckedIOException("the test's PostgreSQL did not stop", e);
        } finally {
          server = null;
        }
      }
    }

    @Override
    public void close() {
      stop();
    }
  }

  /**
   * A {@code redis-server} process ({@link RedisBinary}: the one on the PATH, else the embedded-redis binary, as for
   * the Cluster tests) that persists every write before answering it ({@code appendfsync always}), as a Redis that
   * holds revocations must: {@link #kill()} then loses nothing it acknowledged.
   */
  static final class Redis implements AutoCloseable {
    private final Path dir;
    private final int port = freePort();
    private @Nullable Process process;

    Redis(Path dir) {
      this.dir = dir;
      start();
    }

    String url() {
      return "redis://127.0.0.1:" + port;
    }

    /** Starts the process on its port and directory and waits until it answers. */
    void start() {
      try {
        Files.createDirectories(dir);
        process = new ProcessBuilder(RedisBinary.command(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dir.toString())
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log")
                .toFile())).start();
      } catch (IOException e) {
        throw new UncheckedIOException("redis-server did not start", e);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (true) {
        try (Jedis j = new Jedis("127.0.0.1", port, 500)) {
          if ("PONG".equals(j.ping())) {
            return;
          }
        } catch (RuntimeException notYet) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("redis-server on port " + port + " did not answer", notYet);
          }
          Thread.onSpinWait();
        }
      }
    }

    /** Kills the process (SIGKILL, as a crash would) and waits until it is gone. */
    void kill() {
      if (process != null) {
        process.destroyForcibly();
        try {
          process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        process = null;
      }
    }

    @Override
    public void close() {
      kill();
    }
  }
}
