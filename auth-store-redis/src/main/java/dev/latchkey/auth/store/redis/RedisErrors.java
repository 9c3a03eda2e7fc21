package dev.latchkey.auth.store.redis;

import dev.latchkey.auth.core.StoreUnavailableException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Jedis failures as the core's exceptions; the Jedis exception stays the cause and messages name only Redis's error
 * code, never a key or value.
 *
 * <ol>
 *   <li>Connection failures, timeouts, an exhausted pool, Cluster redirections given up on: the server cannot be
 *       reached in time, {@link StoreUnavailableException}.
 *   <li>An error reply whose code says the server cannot serve now: {@code OOM} (maxmemory reached), {@code READONLY}
 *       (a replica, e.g. after a failover), {@code LOADING} (reading its data after a restart), {@code MASTERDOWN}
 *       (a replica cut off from its master), {@code CLUSTERDOWN}, {@code TRYAGAIN} (slot migration), {@code BUSY} (a
 *       long script runs), {@code MISCONF} (snapshots failing), {@code NOREPLICAS}, and the access-control codes
 *       {@code NOAUTH}, {@code WRONGPASS}, {@code NOPERM} (the server refuses these credentials until an operator fixes
 *       them), also when a Lua script relays the code: {@link StoreUnavailableException} (HTTP 503).
 *   <li>Any other error reply ({@code WRONGTYPE}, {@code ERR} in a script of ours) is a defect of this adapter or
 *       foreign data under its prefix: an {@link IllegalStateException} naming the code, which HTTP layers answer with a
 *       detail-free 500.
 * </ol>
 * {@code NOSCRIPT} is answered by {@link Redis#eval} loading the script again; one that still escapes (a script flushed
 * between the load and the call) is unavailability too, and the next call loads it.
 */
final class RedisErrors {
  /** Error codes of a server that cannot serve now, though the command was right. */
  static final Set<String> UNAVAILABLE = Set.of("OOM", "READONLY", "LOADING", "MASTERDOWN", "CLUSTERDOWN",
      "TRYAGAIN", "BUSY", "MISCONF", "NOREPLICAS", "NOAUTH", "WRONGPASS", "NOPERM", "NOSCRIPT");

  /** A code as Redis puts it at the start of an error, or relays it inside a script error ("...: -OOM command"). */
  private static final Pattern RELAYED = Pattern.compile("(?:^|[\\s:(-])-?([A-Z]{2,12})\\s");

  private RedisErrors() {}

  /** The core's exception for a failed Redis call; {@code e} is kept as the cause. */
  static RuntimeException translate(JedisException e) {
    if (!(e instanceof JedisDataException)) {
      return new StoreUnavailableException("Redis is unavailable", e);
    }
    String code = code(e.getMessage());
    if (UNAVAILABLE.contains(code)) {
      return new StoreUnavailableException("Redis is unavailable (" + code + ")", e);
    }
    return new IllegalStateException("Redis refused a command of the store (" + code + ")", e);
  }

  /**
   * The error code of a reply such as {@code READONLY You can't write...}; for a script error ({@code ERR} first),
   * the code the failing command inside it returned when the text relays a known one; else {@code ERR}.
   */
  static String code(@Nullable String message) {
    if (message == null || message.isBlank()) {
      return "ERR";
    }
    String first = message.strip().split("\\s", 2)[0];
    if (first.matches("[A-Z]{2,12}") && !first.equals("ERR")) {
      return first;
    }
    Matcher relayed = RELAYED.matcher(message);
    while (relayed.find()) {
      if (UNAVAILABLE.contains(relayed.group(1)) || relayed.group(1).equals("WRONGTYPE")) {
        return relayed.group(1);
      }
    }
    return "ERR";
  }
}
