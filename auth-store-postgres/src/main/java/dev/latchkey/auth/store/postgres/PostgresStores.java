package dev.latchkey.auth.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.auth.core.Stores;
import dev.latchkey.auth.core.token.RevocationCache;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Latchkey store port over one PostgreSQL database.
 *
 * <pre>{@code
 * PostgresStores pg = PostgresStores.create(dataSource, PostgresOptions.defaults()); // migrates schema "auth"
 * Auth auth = Auth.builder().issuer("https://auth.example.com").audience("my-api")
 *     .stores(pg.stores())
 *     .build();
 * }</pre>
 *
 * <p>Tables live in their own schema (default {@code auth}) with their own Flyway history table
 * ({@code latchkey_schema_history}), so Latchkey shares a database with its host without colliding. A data source
 * handed in is never closed; one built by {@link #connect} is closed by {@link #close()}. Thread-safe.
 */
public final class PostgresStores implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresStores.class);
  /** Where the migrations live on the classpath. */
  public static final String MIGRATIONS = "classpath:db/migration/latchkey";
  /** The name of Latchkey's own Flyway history table. */
  public static final String HISTORY_TABLE = "latchkey_schema_history";
  private static final int CACHE_SIZE = 10_000;
  /** The version of the newest file under {@link #MIGRATIONS} (a test keeps the two equal). */
  static final String LATEST_MIGRATION = "5";

  private final Stores stores;
  private final PgSessionStore sessions;
  private final PgRevocationStore revocations;
  private final PgOneTimeTokenStore oneTimeTokens;
  private final PgRateLimiter rateLimiter;
  private final @Nullable HikariDataSource ownedPool;
  private final @Nullable ChangeFeed feed;
  private @Nullable ScheduledExecutorService purger;

  private PostgresStores(Db db, DataSource dataSource, PostgresOptions options, @Nullable HikariDataSource ownedPool) {
    String channel = ChangeFeed.channelFor(options.schema());
    RevocationCache cache = new RevocationCache(CACHE_SIZE);
    ProfileCache profiles = new ProfileCache(CACHE_SIZE);
    PgUserStore users = new PgUserStore(db, channel, profiles);
    this.sessions = new PgSessionStore(db);
    this.revocations = new PgRevocationStore(db, channel, cache);
    this.feed = options.changeFeed() ? new ChangeFeed(dataSource, channel, cache, profiles) : null;
    this.oneTimeTokens = new PgOneTimeTokenStore(db);
    this.rateLimiter = new PgRateLimiter(db);
    this.stores = new Stores(users, users, sessions, revocations, oneTimeTokens, rateLimiter, new PgRoleStore(db),
        new PgRoleAssignmentStore(db), new PgServiceStore(db), new PgApiKeyStore(db), new PgSigningKeyStore(db),
        new PgEventLog(db), new PgOAuthProviderStore(db), new PgOAuthAccountStore(db));
    this.ownedPool = ownedPool;
    if (feed != null) {
      feed.start();
    }
  }

  /**
   * Stores over a data source the caller owns (and closes). Applies pending migrations unless
   * {@link PostgresOptions#migrate()} is off.
   */
  public static PostgresStores create(DataSource dataSource, PostgresOptions options) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(options, "options");
    if (options.migrate()) {
      migrate(dataSource, options.schema());
    }
    return new PostgresStores(new Db(dataSource, options), dataSource, options, null);
  }

  /**
   * Stores over a HikariCP pool built from a JDBC URL; {@link #close()} closes the pool. The password is handed to
   * the pool only, never logged.
   */
  public static PostgresStores connect(String jdbcUrl, @Nullable String user, @Nullable String password,
      PostgresOptions options) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setPoolName("latchkey");
    config.setConnectionTimeout(options.connectionTimeout().toMillis());
    config.setValidationTimeout(Math.min(2_000, options.connectionTimeout().toMillis()));
    // Fail fast instead of blocking start-up when the database is down: the pool keeps trying in the background.
    config.setInitializationFailTimeout(-1);
    config.setMaximumPoolSize(10);
    HikariDataSource pool = new HikariDataSource(config);
    try {
      if (options.migrate()) {
        migrate(pool, options.schema());
      }
      return new PostgresStores(new Db(pool, options), pool, options, pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /**
   * Whether the newest migration already succeeded in {@code schema}: one query, so that a restart does not pay for
   * Flyway's scan and validation (a second of CPU on a cold single core). Anything else (no schema, no history, an
   * older or failed version, no permission) leaves the decision to Flyway.
   */
  private static boolean isCurrent(DataSource dataSource, String schema) {
    if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      return false; // only plain identifiers are put into SQL here; Flyway quotes anything else
    }
    String sql = "select 1 from " + schema + "." + HISTORY_TABLE + " where version = ? and success";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, LATEST_MIGRATION);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      return false;
    }
  }

  /** Applies Latchkey's pending migrations to {@code schema} (created if missing); idempotent. */
  public static void migrate(DataSource dataSource, String schema) {
    if (isCurrent(dataSource, schema)) {
      LOG.info("Latchkey schema '{}' at version {} (up to date)", schema, LATEST_MIGRATION);
      return;
    }
    var result = Flyway.configure()
        .dataSource(dataSource)
        .schemas(schema)
        .defaultSchema(schema)
        .table(HISTORY_TABLE)
        .locations(MIGRATIONS)
        .createSchemas(true)
        .load()
        .migrate();
    // Flyway reports no target version when nothing was pending: the schema is then at the initial version.
    LOG.info("Latchkey schema '{}' at version {} ({} migrations applied)", schema,
        result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
        result.migrationsExecuted);
  }

  /** Every store port, to hand to {@code Auth.builder().stores(…)}. */
  public Stores stores() {
    return stores;
  }

  /**
   * Deletes expired sessions, revocations, one-time tokens and rate-limit counters, so that no table grows without
   * bound. Call it periodically (an hourly schedule is plenty); safe to run on several instances at once.
   *
   * @return how many rows were deleted
   */
  public int purgeExpired() {
    return sessions.purgeExpired() + revocations.purgeExpired() + oneTimeTokens.purgeExpired()
        + rateLimiter.purgeExpired();
  }

  /**
   * Runs {@link #purgeExpired()} every {@code interval} on a daemon thread until {@link #close()}. Failures (the
   * database being down) are logged and retried at the next run.
   */
  public synchronized void startPurging(Duration interval) {
    if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("the purge interval must be at least one second");
    }
    if (purger != null) {
      return;
    }
    purger = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "latchkey-purge");
      t.setDaemon(true);
      return t;
    });
    purger.scheduleWithFixedDelay(() -> {
      try {
        int purged = purgeExpired();
        LOG.debug("Purged {} expired rows", purged);
      } catch (RuntimeException e) {
        LOG.warn("Purging expired rows failed; retrying in {} ({})", interval, e.getClass().getName());
      }
    }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Whether revocation checks are answered from memory right now: the revocation feed is on
   * ({@link PostgresOptions#changeFeed()}) and its connection listens. While it does not, every check queries
   * the database.
   */
  public boolean changeFeedListening() {
    return feed != null && feed.listening();
  }

  /**
   * Stops the revocation feed and purging, and closes the pool {@link #connect} built; leaves a data source handed to
   * {@link #create}.
   */
  @Override
  public synchronized void close() {
    if (feed != null) {
      feed.close();
    }
    if (purger != null) {
      purger.shutdownNow();
      purger = null;
    }
    if (ownedPool != null) {
      ownedPool.close();
    }
  }
}
