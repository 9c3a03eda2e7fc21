package dev.latchkey.auth.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Stores;
import dev.latchkey.auth.core.otp.OneTimeToken;
import dev.latchkey.auth.core.otp.TokenPurpose;
import dev.latchkey.auth.core.ratelimit.RateLimit;
import dev.latchkey.auth.core.session.RefreshPolicy;
import dev.latchkey.auth.core.session.Session;
import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.testkit.MutableClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Expired rows are purged, so no table grows without bound. */
class PurgeIT {
  @RegisterExtension
  static final PostgresDatabase DB = new PostgresDatabase();

  private static int rows(String schema, String table) throws Exception {
    try (Connection c = DB.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from " + schema + "." + table)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  @DisplayName("purgeExpired deletes expired sessions, revocations, one-time tokens and counters, and keeps live ones")
  void purges() throws Exception {
    MutableClock clock = MutableClock.standard();
    String schema = PostgresDatabase.newSchemaName();
    PostgresStores pg = DB.create(clock, schema);
    Stores s = pg.stores();
    UserId user = UserId.random();
    RefreshPolicy policy = RefreshPolicy.defaults();
    s.sessions().create(Session.start(SessionId.random(), user, TokenHash.of("a"), clock.instant(), policy, null, null));
    s.revocations().revokeToken(user, "jti-1", clock.instant().plus(Duration.ofMinutes(16)));
    s.revocations().revokeSession(user, SessionId.random(), clock.instant().plus(Duration.ofMinutes(16)));
    s.revocations().revokeUserBefore(user, clock.instant(), clock.instant().plus(Duration.ofMinutes(16)));
    s.oneTimeTokens().save(new OneTimeToken(TokenHash.of("ott"), TokenPurpose.PASSWORD_RESET, user, Map.of(),
        clock.instant().plus(Duration.ofHours(1))));
    s.rateLimiter().acquire("login:id:x", new RateLimit(3, Duration.ofMinutes(15), Duration.ofMinutes(1),
        Duration.ofHours(1)), clock.instant());
    assertThat(pg.purgeExpired()).isZero();

    clock.advance(Duration.ofDays(15));
    s.sessions().create(Session.start(SessionId.random(), user, TokenHash.of("b"), clock.instant(), policy, null, null));
    assertThat(pg.purgeExpired()).isEqualTo(1 + 3 + 1 + 1);
    assertThat(rows(schema, "sessions")).isEqualTo(1);
    for (String table : new String[] {"revoked_tokens", "revoked_sessions", "user_epochs", "one_time_tokens",
        "rate_limits"}) {
      assertThat(rows(schema, table)).as(table).isZero();
    }
    pg.startPurging(Duration.ofHours(1));
    pg.close();
  }
}
