package dev.latchkey.auth.store.redis;

import dev.latchkey.auth.core.Stores;
import dev.latchkey.auth.core.otp.OneTimeTokenStore;
import dev.latchkey.auth.core.ratelimit.RateLimiter;
import dev.latchkey.auth.core.session.SessionStore;
import dev.latchkey.auth.core.token.RevocationStore;
import java.net.URI;
import java.util.Objects;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Sessions, refresh-token families, revocations, rate limits and one-time tokens over Redis, while users and
 * everything else stay in the primary store:
 *
 * <pre>{@code
 * try (RedisStores redis = RedisStores.connect("redis://127.0.0.1:6379", RedisOptions.defaults())) {
 *   Auth auth = Auth.builder().issuer(…).audience(…)
 *       .stores(redis.applyTo(postgres.stores()))
 *       .build();
 * }
 * }</pre>
 *
 * <p>Any {@link UnifiedJedis} works ({@code RedisClient} standalone, the Sentinel and Cluster clients): every key is
 * hash-tagged so each operation stays on one Cluster slot. A client handed in is never closed; one built by
 * {@link #connect} is closed by {@link #close()}. Thread-safe.
 */
public final class RedisStores implements AutoCloseable {
  private final RedisSessionStore sessions;
  private final RedisRevocationStore revocations;
  private final RedisOneTimeTokenStore oneTimeTokens;
  private final RedisRateLimiter rateLimiter;
  private final @Nullable UnifiedJedis owned;

  private RedisStores(Redis redis, @Nullable UnifiedJedis owned) {
    this.sessions = new RedisSessionStore(redis);
    this.revocations = new RedisRevocationStore(redis);
    this.oneTimeTokens = new RedisOneTimeTokenStore(redis);
    this.rateLimiter = new RedisRateLimiter(redis);
    this.owned = owned;
  }

  /** Stores over a client the caller owns (and closes). */
  public static RedisStores create(UnifiedJedis client, RedisOptions options) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(options, "options");
    return new RedisStores(new Redis(client, options), null);
  }

  /**
   * Stores over a standalone Redis at {@code uri} ({@code redis://[user:password@]host:port[/db]}), with the
   * options' timeout and pool size; {@link #close()} closes the client.
   */
  public static RedisStores connect(String uri, RedisOptions options) {
    int timeout = (int) options.timeout().toMillis();
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(options.maxConnections());
    pool.setMaxWait(options.timeout());
    URI parsed = URI.create(uri);
    // One client configuration from the URI and the options: a second clientConfig(...) after fromURI(...) would
    // replace the URI's user, password and database instead of adding to them.
    DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().connectionTimeoutMillis(timeout)
        .socketTimeoutMillis(timeout).user(JedisURIHelper.getUser(parsed))
        .password(JedisURIHelper.getPassword(parsed)).ssl(JedisURIHelper.isRedisSSLScheme(parsed));
    if (JedisURIHelper.hasDbIndex(parsed)) {
      config.database(JedisURIHelper.getDBIndex(parsed));
    }
    RedisClient client = RedisClient.builder().hostAndPort(JedisURIHelper.getHostAndPort(parsed))
        .clientConfig(config.build())
        .poolConfig(pool)
        .build();
    return new RedisStores(new Redis(client, options), client);
  }

  /** {@code base} with its sessions, revocations, one-time tokens and rate limiter replaced by these. */
  public Stores applyTo(Stores base) {
    return base.withSessions(sessions).withRevocations(revocations).withOneTimeTokens(oneTimeTokens)
        .withRateLimiter(rateLimiter);
  }

  /** The session store. */
  public SessionStore sessions() {
    return sessions;
  }

  /** The revocation store. */
  public RevocationStore revocations() {
    return revocations;
  }

  /** The one-time-token store. */
  public OneTimeTokenStore oneTimeTokens() {
    return oneTimeTokens;
  }

  /** The rate limiter (falls back to in-process counting while Redis is down). */
  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  /** Closes the client {@link #connect} built; does nothing for a client handed to {@link #create}. */
  @Override
  public void close() {
    if (owned != null) {
      owned.close();
    }
  }
}
