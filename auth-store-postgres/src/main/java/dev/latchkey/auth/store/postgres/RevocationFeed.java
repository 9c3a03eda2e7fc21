package dev.latchkey.auth.store.postgres;

import dev.latchkey.auth.core.token.RevocationCache;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for revocations made by any instance ({@code LISTEN} on one connection of its own) and keeps a
 * {@link RevocationCache} live only while it listens: every notification invalidates the cache; a lost connection
 * suspends it (every check then goes to PostgreSQL) until the feed listens again. A silent connection is found by a
 * probe each second that must answer within five seconds.
 */
final class RevocationFeed implements AutoCloseable {
  /** The {@code application_name} of the listening connection, as {@code pg_stat_activity} shows it. */
  static final String APPLICATION_NAME = "latchkey-revocation-feed";

  private static final Logger LOG = LoggerFactory.getLogger(RevocationFeed.class);
  private static final int WAIT_MILLIS = 1_000;
  private static final int PROBE_TIMEOUT_MILLIS = 5_000;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final DataSource dataSource;
  private final String channel;
  private final RevocationCache cache;
  private final Thread thread;
  private final ExecutorService timeouts = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean running = true;

  RevocationFeed(DataSource dataSource, String channel, RevocationCache cache) {
    this.dataSource = dataSource;
    this.channel = channel;
    this.cache = cache;
    this.thread = Thread.ofPlatform().daemon().name("latchkey-revocation-feed").unstarted(this::run);
  }

  /** The channel for a schema: a plain identifier of at most 63 characters (PostgreSQL's limit). */
  static String channelFor(String schema) {
    String name = "latchkey_revocations_" + schema;
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
    long backoff = 100;
    while (running) {
      try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
        c.setAutoCommit(true);
        c.setClientInfo("ApplicationName", APPLICATION_NAME);
        c.setNetworkTimeout(timeouts, PROBE_TIMEOUT_MILLIS);
        st.execute("LISTEN " + channel); // a validated identifier, see channelFor
        PGConnection pg = c.unwrap(PGConnection.class);
        cache.resume();
        LOG.debug("Listening for revocations on {}", channel);
        backoff = 100;
        while (running) {
          PGNotification[] notes = pg.getNotifications(WAIT_MILLIS);
          if (notes != null && notes.length > 0) {
            cache.invalidate();
          } else {
            st.execute("select 1");
          }
        }
      } catch (SQLException | RuntimeException e) {
        cache.suspend();
        if (running) {
          LOG.warn("The revocation feed lost PostgreSQL ({}); every check queries the database until it is back",
              e.getClass().getSimpleName());
          pause(backoff);
          backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
      }
    }
    cache.suspend();
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
    cache.suspend();
  }
}
