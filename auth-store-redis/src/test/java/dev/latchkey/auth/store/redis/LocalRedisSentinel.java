package dev.latchkey.auth.store.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import redis.clients.jedis.HostAndPort;

/**
 * A local Redis master watched by one Sentinel, both processes of {@link RedisBinary} (Sentinel as
 * {@code redis-server --sentinel}), for the Sentinel client.
 */
final class LocalRedisSentinel implements AutoCloseable {
  static final String MASTER = "latchkey-master";
  private final Process master;
  private final Process sentinel;
  private final int sentinelPort;
  private final Path dir;

  LocalRedisSentinel() throws IOException {
    dir = Files.createTempDirectory("latchkey-redis-sentinel");
    int masterPort = LocalRedisCluster.freePort();
    sentinelPort = LocalRedisCluster.freePort();
    master = new ProcessBuilder(RedisBinary.command(), "--port", Integer.toString(masterPort), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("master.log").toFile()).start();
    LocalRedisCluster.awaitPing(masterPort);
    Path config = dir.resolve("sentinel.conf");
    Files.write(config, List.of("port " + sentinelPort, "bind 127.0.0.1", "dir " + dir,
        "sentinel monitor " + MASTER + " 127.0.0.1 " + masterPort + " 1",
        "sentinel down-after-milliseconds " + MASTER + " 5000"));
    sentinel = new ProcessBuilder(RedisBinary.command(), config.toString(), "--sentinel")
        .redirectErrorStream(true).redirectOutput(dir.resolve("sentinel.log").toFile()).start();
    LocalRedisCluster.awaitPing(sentinelPort);
  }

  HostAndPort sentinel() {
    return new HostAndPort("127.0.0.1", sentinelPort);
  }

  @Override
  public void close() {
    LocalRedisCluster.stop(List.of(sentinel, master), dir);
  }
}
