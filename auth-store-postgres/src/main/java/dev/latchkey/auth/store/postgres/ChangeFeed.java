package dev.latchkey.auth.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.auth.core.token.RevocationCache;
import dev.latchkey.auth.core.user.UserId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.core.BaseConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for changes made by any instance ({@code LISTEN} on one connection of its own) and keeps the
 * {@link RevocationCache} and the {@link ProfileCache} live only while it listens. A notification with an empty
 * payload is a revocation (the revocation cache is invalidated); {@code u:<id>} is a changed user (that user is
 * dropped). A lost connection suspends both caches (every read goes to PostgreSQL) until the feed listens again; a
 * silent connection is found by a probe each second that must answer within five seconds.
 */
final class ChangeFeed implements AutoCloseable {
  /** The {@code application_name} of the listening connection, as {@code pg_stat_activity} shows it. */
  static final String APPLICATION_NAME = "latchkey-change-feed";

  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
  /** The payload prefix of a user change. */
  static final String USER_PREFIX = "u:";

  private static final int WAIT_MILLIS = 1_000;
  private static final int PROBE_TIMEOUT_MILLIS = 5_000;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final DataSource dataSource;
  private final String channel;
  private final RevocationCache cache;
  private final ProfileCache profiles;
  private final Thread thread;
  private final ExecutorService timeouts = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean running = true;

  ChangeFeed(DataSource dataSource, String channel, RevocationCache cache, ProfileCache profiles) {
    this.dataSource = dataSource;
    this.channel = channel;
    this.cache = cache;
    this.profiles = profiles;
    this.thread = Thread.ofPlatform().daemon().name("latchkey-change-feed").unstarted(this::run);
  }

  /** The channel for a schema: a plain identifier of at most 63 characters (PostgreSQL's limit). */
  static String channelFor(String schema) {
    String name = "latchkey_changes_" + schema;
    return name.length() > 63 ? name.substring(0, 63) : name;
  }

  /** Whether the feed listens now (and checks are answered from memory). */
  boolean listening() {
    return cache.isLive();
  }

  void start() {
    thread.start();
  }

  private void run() {
    try {
      loop();
    } finally {
      suspend(); // however the thread ends, nothing is answered from memory any more
    }
  }

  private void loop() {
    long backoff = 100;
    while (running) {
      Connection c = null;
      try {
        c = dataSource.getConnection();
        listen(c);
        backoff = 100;
      } catch (SQLException | RuntimeException e) {
        suspend();
        discard(c);
        c = null; // evicted and closed by the pool
        if (running) {
          LOG.warn("The change feed lost PostgreSQL ({}); every read goes to the database until it is back",
              e.getClass().getSimpleName());
          pause(backoff);
          backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
      } finally {
        close(c);
      }
    }
  }

  /** Listens until stopped or until the connection fails (then throws). */
  private void listen(Connection c) throws SQLException {
    c.setAutoCommit(true);
    c.setClientInfo("ApplicationName", APPLICATION_NAME);
    c.setNetworkTimeout(timeouts, PROBE_TIMEOUT_MILLIS);
    try (Statement st = c.createStatement()) {
      st.execute("LISTEN " + channel); // a validated identifier, see channelFor
      PGConnection pg = c.unwrap(PGConnection.class);
      cache.resume();
      profiles.resume();
      LOG.debug("Listening for changes on {}", channel);
      while (running) {
        PGNotification[] notes = pg.getNotifications(WAIT_MILLIS);
        if (notes != null && notes.length > 0) {
          for (PGNotification note : notes) {
            dispatch(note.getParameter());
          }
        } else {
          st.execute("select 1");
        }
      }
    }
  }

  /**
   * Keeps a failed connection out of the pool: the failure surfaced on the driver's own connection (notifications are
   * read past the pool's proxy), so a pool would otherwise lend it out again as healthy.
   */
  private void discard(@Nullable Connection c) {
    if (c == null) {
      return;
    }
    try {
      if (dataSource.isWrapperFor(HikariDataSource.class)) {
        dataSource.unwrap(HikariDataSource.class).evictConnection(c);
      } else {
        c.unwrap(BaseConnection.class).close();
      }
    } catch (SQLException | RuntimeException e) {
      LOG.debug("Discarding the change feed's connection failed ({})", e.getClass().getSimpleName());
    }
  }

  private static void close(@Nullable Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException | RuntimeException e) {
      LOG.debug("Closing the change feed's connection failed ({})", e.getClass().getSimpleName());
    }
  }

  /** What a notification says: {@code ""} something was revoked; {@code u:<uuid>} that user changed. */
  private void dispatch(String payload) {
    if (payload.startsWith(USER_PREFIX)) {
      try {
        profiles.changed(UserId.parse(payload.substring(USER_PREFIX.length())));
        return;
      } catch (IllegalArgumentException e) {
        LOG.debug("Unknown change notification; dropping every kept user");
        profiles.suspend();
        profiles.resume();
        return;
      }
    }
    cache.invalidate();
  }

  private void suspend() {
    cache.suspend();
    profiles.suspend();
  }

  private void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Stops listening (within about a second) and returns the connection to its pool. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(3 * WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timeouts.shutdownNow();
    suspend();
  }
}
