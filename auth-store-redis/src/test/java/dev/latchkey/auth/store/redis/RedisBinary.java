package dev.latchkey.auth.store.redis;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;

/**
 * The {@code redis-server} executable that tests start processes of their own from (the Cluster and Sentinel suites,
 * the demo server's fault tests): the one on the {@code PATH} where there is one, else the Redis 6.2 binary that the
 * {@code embedded-redis} artifact ships, extracted once per JVM into a temporary directory. So these tests need
 * nothing installed. Sentinel mode is {@code redis-server --sentinel}, present in both.
 */
public final class RedisBinary {
  private static final Logger LOG = LoggerFactory.getLogger(RedisBinary.class);
  private static @Nullable Path path;

  private RedisBinary() {}

  /** The executable, found (or extracted) once per JVM. */
  public static synchronized Path path() {
    if (path != null) {
      return path;
    }
    try {
      path = ExecutableProvider.newExecutableInPath("redis-server").get().toPath();
      LOG.info("Redis processes of the tests run {} from the PATH", path);
    } catch (FileNotFoundException notOnPath) {
      try {
        path = ExecutableProvider.newJarResourceProvider().get().toPath();
        LOG.info("no redis-server on the PATH: Redis processes of the tests run the embedded-redis binary {}", path);
      } catch (IOException e) {
        throw new UncheckedIOException("no redis-server on the PATH and the embedded-redis binary did not extract", e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return path;
  }

  /** The executable's path as the first word of a command line. */
  public static String command() {
    return path().toString();
  }
}
