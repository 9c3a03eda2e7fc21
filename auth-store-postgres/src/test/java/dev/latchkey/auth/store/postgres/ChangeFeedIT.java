package dev.latchkey.auth.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.token.RevocationStore;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.core.user.UserStore;
import dev.latchkey.auth.testkit.MutableClock;
import dev.latchkey.auth.testkit.RevocationStoreContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Revocation checks and profile reads answered from memory while a {@code LISTEN} connection reports every change:
 * two instances (two pools, two caches) on one database, the way two servers run.
 */
class ChangeFeedIT {
  private static final Duration PROPAGATION = Duration.ofSeconds(2);

  private final String database = "latchkey_feed_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final List<PostgresStores> opened = new ArrayList<>();
  private PostgresDatabase.Server server;

  @BeforeEach
  void setUp() throws Exception {
    server = PostgresDatabase.server();
    admin("create database " + database);
  }

  @AfterEach
  void tearDown() throws Exception {
    opened.forEach(PostgresStores::close);
    admin("drop database if exists " + database + " with (force)");
  }

  private PostgresStores instance(MutableClock clock) {
    PostgresStores stores = PostgresStores.connect(server.url(database), server.user(), server.password(),
        PostgresOptions.defaults().withClock(clock).withChangeFeed(true));
    opened.add(stores);
    await(stores::changeFeedListening, "the feed listens");
    return stores;
  }

  private void admin(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(server.adminUrl(), server.user(), server.password());
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** Polls until the condition holds or the propagation bound passes; returns how long it took. */
  private static Duration await(BooleanSupplier condition, String what) {
    long start = System.nanoTime();
    long deadline = start + PROPAGATION.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + PROPAGATION + ": " + what);
      }
      Thread.onSpinWait();
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static Principal token(UserId user, SessionId session, Instant issuedAt) {
    return new Principal(user, "alice", session, "jti-" + UUID.randomUUID(), Set.of(), issuedAt,
        issuedAt.plus(Duration.ofMinutes(15)));
  }

  @Test
  @DisplayName("a revocation on one instance is refused there at once and on the other when its notification lands")
  void propagates() {
    MutableClock clock = MutableClock.standard();
    RevocationStore a = instance(clock).stores().revocations();
    RevocationStore b = instance(clock).stores().revocations();
    UserId alice = UserId.random();
    Principal session = token(alice, SessionId.random(), clock.instant());
    Principal single = token(alice, SessionId.random(), clock.instant());
    Principal older = token(alice, SessionId.random(), clock.instant());
    Instant until = clock.instant().plus(Duration.ofMinutes(15));
    for (Principal p : List.of(session, single, older)) {
      assertThat(a.isRevoked(p)).isFalse();
      assertThat(b.isRevoked(p)).isFalse(); // now kept in B's memory
      assertThat(b.isRevoked(p)).isFalse();
    }

    a.revokeSession(alice, session.sessionId(), until);
    assertThat(a.isRevoked(session)).isTrue();
    await(() -> b.isRevoked(session), "B refuses the revoked session");

    b.revokeToken(alice, single.tokenId(), until);
    assertThat(b.isRevoked(single)).isTrue();
    await(() -> a.isRevoked(single), "A refuses the revoked token");

    clock.advance(Duration.ofSeconds(1));
    a.revokeUserBefore(alice, clock.instant(), until);
    await(() -> b.isRevoked(older), "B refuses tokens issued before the user's epoch");
    Principal newer = token(alice, SessionId.random(), clock.instant().plusNanos(500));
    assertThat(b.isRevoked(newer)).isFalse();
  }

  @Test
  @DisplayName("while the feed is cut off every check goes to the database, so nothing revoked meanwhile gets through")
  void lostFeedFailsSafe() throws Exception {
    MutableClock clock = MutableClock.standard();
    PostgresStores storesB = instance(clock);
    RevocationStore a = instance(clock).stores().revocations();
    RevocationStore b = storesB.stores().revocations();
    UserId alice = UserId.random();
    Principal p = token(alice, SessionId.random(), clock.instant());
    assertThat(b.isRevoked(p)).isFalse();

    admin("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database
        + "' and application_name = '" + ChangeFeed.APPLICATION_NAME + "'");
    await(() -> !storesB.changeFeedListening(), "B notices its feed is gone");
    a.revokeSession(alice, p.sessionId(), clock.instant().plus(Duration.ofMinutes(15)));
    assertThat(b.isRevoked(p)).isTrue();
    await(storesB::changeFeedListening, "B's feed listens again");
    assertThat(b.isRevoked(p)).isTrue();
  }

  @Test
  @DisplayName("a profile kept by B follows A's update and delete of that user when the notification lands")
  void profilesFollowChanges() {
    MutableClock clock = MutableClock.standard();
    UserStore a = instance(clock).stores().users();
    UserStore b = instance(clock).stores().users();
    User alice = new User(UserId.random(), "alice", "alice@example.com", true, "Alice", null, true, false, null,
        false, clock.instant(), null, 1);
    a.create(alice);
    assertThat(b.findProfile(alice.id())).contains(alice);
    assertThat(b.findProfile(alice.id())).contains(alice); // kept

    User renamed = alice.withProfile("Alice Liddell", null);
    assertThat(a.update(renamed, alice.version())).isTrue();
    assertThat(a.findProfile(alice.id())).contains(renamed); // at once where it was changed
    assertThat(b.findById(alice.id())).contains(renamed); // the strict read never lags
    await(() -> b.findProfile(alice.id()).equals(Optional.of(renamed)), "B shows the new name");

    assertThat(a.delete(alice.id())).isTrue();
    await(() -> b.findProfile(alice.id()).isEmpty(), "B forgets the deleted user");
  }

  /** The revocation contract holds with the feed on (each store listens on its own schema's channel). */
  @Nested
  class Contract extends RevocationStoreContract {
    @Override
    protected RevocationStore createStore(MutableClock clock) {
      return instance(clock).stores().revocations();
    }
  }
}
