package dev.latchkey.auth.store.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * A real three-master Redis Cluster of local {@code redis-server} processes ({@link RedisBinary}: the one on the PATH,
 * else the embedded-redis binary), started for a test class and stopped after it. The cluster is formed over the
 * protocol, as {@code redis-cli --cluster create} would (a config epoch per node, {@code CLUSTER ADDSLOTS}, then
 * {@code CLUSTER MEET}), so no {@code redis-cli} is needed; these commands exist since Redis 3.0 (the embedded binary
 * is 6.2, which has no {@code ADDSLOTSRANGE}). Nothing is persisted.
 */
final class LocalRedisCluster implements AutoCloseable {
  private static final int MASTERS = 3;
  private static final int SLOTS = 16_384;
  private final List<Process> processes = new ArrayList<>();
  private final Set<HostAndPort> nodes = new HashSet<>();
  private final Path dir;

  LocalRedisCluster() throws IOException {
    dir = Files.createTempDirectory("latchkey-redis-cluster");
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < MASTERS; i++) {
      int port = freePort();
      Process p = new ProcessBuilder(RedisBinary.command(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf", "--save", "",
          "--appendonly", "no", "--dir", dir.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
      processes.add(p);
      nodes.add(new HostAndPort("127.0.0.1", port));
      ports.add(port);
      awaitPing(port);
    }
    form(ports);
    for (int port : ports) {
      awaitClusterOk(port);
    }
  }

  /**
   * Gives each master a distinct config epoch and an equal share of the 16384 slots, then introduces the first node to
   * the others; gossip spreads the rest.
   */
  private static void form(List<Integer> ports) {
    int start = 0;
    for (int i = 0; i < ports.size(); i++) {
      int end = (i + 1) * SLOTS / ports.size();
      int[] slots = new int[end - start];
      for (int s = start; s < end; s++) {
        slots[s - start] = s;
      }
      try (Jedis node = new Jedis("127.0.0.1", ports.get(i))) {
        node.clusterSetConfigEpoch(i + 1);
        node.clusterAddSlots(slots);
      }
      start = end;
    }
    try (Jedis first = new Jedis("127.0.0.1", ports.get(0))) {
      for (int port : ports.subList(1, ports.size())) {
        first.clusterMeet("127.0.0.1", port);
      }
    }
  }

  Set<HostAndPort> nodes() {
    return Set.copyOf(nodes);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Waits (up to 30 s, polling every 20 ms) until a freshly started process answers PING. */
  static void awaitPing(int port) {
    RuntimeException last = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try (UnifiedJedis c = RedisClient.create("127.0.0.1", port)) {
        if ("PONG".equals(c.ping())) {
          return;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // an external process is starting, not our clock
    }
    throw new IllegalStateException("redis-server on port " + port + " did not start", last);
  }

  /** Waits (up to 60 s) until the node reports {@code cluster_state:ok} and knows every master. */
  private static void awaitClusterOk(int port) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try (UnifiedJedis c = RedisClient.create("127.0.0.1", port)) {
        Object info = c.sendCommand(Protocol.Command.CLUSTER, "INFO");
        String text = info instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(info);
        if (text.contains("cluster_state:ok") && text.contains("cluster_known_nodes:" + MASTERS)) {
          return;
        }
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
    throw new IllegalStateException("the cluster did not reach state ok on port " + port);
  }

  @Override
  public void close() {
    stop(processes, dir);
  }

  /** Stops the processes (forcibly after 10 s) and deletes their working directory. */
  static void stop(List<Process> processes, Path dir) {
    processes.forEach(Process::destroy);
    for (Process p : processes) {
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
