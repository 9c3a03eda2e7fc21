package dev.latchkey.auth.store.redis;

import dev.latchkey.auth.core.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.ScanIteration;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * What every Redis store shares: the client, the key prefix, the clock, instants encoded as fixed-width epoch
 * nanoseconds (so Lua can compare them as strings, exactly), Lua scripts run by SHA with a {@code NOSCRIPT}
 * fallback, and Jedis failures translated by {@link RedisErrors} (an outage, a full or read-only server:
 * {@link StoreUnavailableException}).
 */
final class Redis {
  private static final int SCAN_BATCH = 1000;

  private final UnifiedJedis client;
  private final String prefix;
  private final Clock clock;
  private final ConcurrentHashMap<String, String> shas = new ConcurrentHashMap<>();

  Redis(UnifiedJedis client, RedisOptions options) {
    this.client = client;
    this.prefix = options.prefix();
    this.clock = options.clock();
  }

  Instant now() {
    return clock.instant();
  }

  /** A key under the prefix whose hash tag is {@code tag}: everything sharing a tag shares a Cluster slot. */
  String key(String tag, String suffix) {
    return prefix + "{" + tag + "}" + suffix;
  }

  /**
   * A glob pattern (for {@code SCAN}) matching the keys under the prefix whose hash tag starts with {@code tagStart}
   * and which end with {@code suffix}; both are taken literally.
   */
  String keyPattern(String tagStart, String suffix) {
    return glob(prefix) + "{" + glob(tagStart) + "*}" + glob(suffix);
  }

  private static String glob(String literal) {
    return literal.replaceAll("([\\\\*?\\[\\]])", "\\\\$1");
  }

  /**
   * Every key matching a glob pattern, each once: one {@code SCAN} pass over the server (Cluster: over every node).
   * For administration only: it reads the whole key space in batches.
   */
  Set<String> scan(String pattern) {
    return call(c -> {
      ScanIteration keys = c.scanIteration(SCAN_BATCH, pattern);
      Set<String> found = new HashSet<>();
      while (!keys.isIterationCompleted()) {
        found.addAll(keys.nextBatchList());
      }
      return found;
    });
  }

  /**
   * The given fields of many hashes, pipelined in batches: one list of values (null where missing) per key, in the
   * order of {@code keys}.
   */
  List<List<String>> fieldsOf(List<String> keys, String... fields) {
    List<List<String>> out = new ArrayList<>(keys.size());
    for (int from = 0; from < keys.size(); from += SCAN_BATCH) {
      List<String> batch = keys.subList(from, Math.min(keys.size(), from + SCAN_BATCH));
      out.addAll(call(c -> {
        try (AbstractPipeline pipeline = c.pipelined()) {
          List<Response<List<String>>> replies = batch.stream().map(k -> pipeline.hmget(k, fields)).toList();
          pipeline.sync();
          return replies.stream().map(Response::get).toList();
        }
      }));
    }
    return out;
  }

  /** An instant as 20 zero-padded decimal digits of epoch nanoseconds: sortable as text, exact. */
  static String time(Instant instant) {
    long nanos = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    return String.format("%020d", nanos);
  }

  static Instant instant(String encoded) {
    long nanos = Long.parseLong(encoded);
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  /** Milliseconds from now (by the store's clock) until {@code until}, at least 1: the TTL that lets Redis clean up. */
  long ttlMillis(Instant until) {
    return Math.max(1, Duration.between(now(), until).toMillis() + 1);
  }

  /** KEYS[1] set; ARGV[1] member; ARGV[2] ttl ms (only ever extended). One script, so no index lives without TTL. */
  private static final String INDEX_ADD = """
      redis.call('SADD', KEYS[1], ARGV[1])
      if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
      return 1
      """;

  /**
   * KEYS[1] hash; ARGV[1] name of its expiry field; ARGV[2] now; ARGV[3] ttl ms; ARGV[4..] field/value pairs.
   * Writes the hash with its TTL unless a live one (expiry after now) exists: 1 written, 0 taken.
   */
  private static final String CREATE_UNLESS_LIVE = """
      local exp = redis.call('HGET', KEYS[1], ARGV[1])
      if exp and exp > ARGV[2] then return 0 end
      redis.call('DEL', KEYS[1])
      redis.call('HSET', KEYS[1], unpack(ARGV, 4))
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
      return 1
      """;

  /**
   * Writes {@code fields} (name/value pairs) to the hash {@code key} with a TTL until {@code expiresAt}, in one script,
   * unless a live entry (its {@code expiryField} after now) is there.
   *
   * @return whether it was written
   */
  boolean createUnlessLive(String key, String expiryField, Instant expiresAt, List<String> fields) {
    List<String> args = new ArrayList<>(List.of(expiryField, time(now()), Long.toString(ttlMillis(expiresAt))));
    args.addAll(fields);
    return Long.valueOf(1).equals(eval(CREATE_UNLESS_LIVE, List.of(key), args));
  }

  /** Adds {@code member} to the index set {@code key} and extends its TTL to {@code ttlMillis}, atomically. */
  void indexAdd(String key, String member, long ttlMillis) {
    eval(INDEX_ADD, List.of(key), List.of(member, Long.toString(ttlMillis)));
  }

  <T> T call(Function<UnifiedJedis, T> work) {
    try {
      return work.apply(client);
    } catch (JedisException e) {
      throw RedisErrors.translate(e);
    }
  }

  /** Runs a Lua script by SHA, loading it the first time and again after a server restart (NOSCRIPT). */
  Object eval(String script, List<String> keys, List<String> args) {
    return call(c -> {
      String sha = shas.computeIfAbsent(script, s -> c.scriptLoad(s, keys.get(0)));
      try {
        return c.evalsha(sha, keys, args);
      } catch (JedisNoScriptException e) {
        shas.remove(script);
        return c.eval(script, keys, args);
      }
    });
  }
}
