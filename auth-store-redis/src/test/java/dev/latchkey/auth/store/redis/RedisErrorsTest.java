package dev.latchkey.auth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.StoreUnavailableException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisBusyException;
import redis.clients.jedis.exceptions.JedisClusterException;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Every error reply Redis documents for a server that cannot serve now lands on {@link StoreUnavailableException}
 * (RedisErrorsIT provokes OOM, READONLY, MASTERDOWN, BUSY and WRONGTYPE on a real server; LOADING, CLUSTERDOWN,
 * TRYAGAIN, MISCONF and the access-control codes are replies of the same shape).
 */
class RedisErrorsTest {
  @ParameterizedTest
  @ValueSource(strings = {"OOM command not allowed when used memory > 'maxmemory'.",
      "READONLY You can't write against a read only replica.",
      "LOADING Redis is loading the dataset in memory",
      "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
      "CLUSTERDOWN The cluster is down",
      "TRYAGAIN Multiple keys request during rehashing of slot",
      "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk.",
      "NOREPLICAS Not enough good replicas to write.",
      "NOAUTH Authentication required.",
      "NOSCRIPT No matching script. Please use EVAL.",
      "ERR Error running script (call to f_0a1b): @user_script:2: -OOM command not allowed when used memory",
      "OOM command not allowed when used memory > 'maxmemory'. script: 0a1b, on @user_script:2."})
  @DisplayName("error replies of a server that cannot serve now, also relayed by a script: store unavailable")
  void unavailable(String reply) {
    assertThat(RedisErrors.translate(new JedisDataException(reply))).isInstanceOf(StoreUnavailableException.class)
        .hasCauseInstanceOf(JedisDataException.class);
  }

  @Test
  @DisplayName("connection failures, timeouts, Jedis's own subtypes for BUSY, CLUSTERDOWN and ACL: store unavailable")
  void subtypes() {
    for (JedisException e : new JedisException[] {new JedisConnectionException("java.net.SocketTimeoutException"),
        new JedisClusterOperationException("No more cluster attempts left."), new JedisException("pool exhausted"),
        new JedisBusyException("BUSY Redis is busy running a script."),
        new JedisClusterException("CLUSTERDOWN Hash slot not served"),
        new JedisAccessControlException("WRONGPASS invalid username-password pair")}) {
      assertThat(RedisErrors.translate(e)).as(e.getMessage()).isInstanceOf(StoreUnavailableException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"WRONGTYPE Operation against a key holding the wrong kind of value",
      "ERR Error running script (call to f_0a1b): @user_script:3: WRONGTYPE Operation against a key",
      "ERR user_script:1: Script attempted to access nonexistent global variable 'x'", "ERR unknown command",
      "garbled"})
  @DisplayName("a defect (wrong type under our prefix, a script error) is an internal error, not an outage")
  void internal(String reply) {
    assertThat(RedisErrors.translate(new JedisDataException(reply))).isExactlyInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Redis refused a command of the store (");
  }

  @Test
  @DisplayName("the code of a reply, or the one a script relays")
  void codes() {
    assertThat(RedisErrors.code("READONLY You can't write")).isEqualTo("READONLY");
    assertThat(RedisErrors.code("ERR Error running script: @user_script:2: -OOM command not allowed"))
        .isEqualTo("OOM");
    assertThat(RedisErrors.code("ERR syntax error")).isEqualTo("ERR");
    assertThat(RedisErrors.code(null)).isEqualTo("ERR");
  }
}
