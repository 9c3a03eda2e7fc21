package dev.latchkey.auth.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.AuthTokens;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.RefreshResult;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.Stores;
import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.testkit.CapturingMailer;
import dev.latchkey.auth.testkit.MutableClock;
import dev.latchkey.auth.testkit.Race;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The core's flows on PostgreSQL: exactness under concurrency, two instances on one database, hashes only. */
class PostgresFlowIT {
  private static final String PASSWORD = "correct horse battery staple";

  @RegisterExtension
  static final PostgresDatabase DB = new PostgresDatabase();

  private final MutableClock clock = MutableClock.standard();
  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();
  private final CapturingMailer mailer = new CapturingMailer();
  private final String schema = PostgresDatabase.newSchemaName();
  private PostgresStores pg;
  private Auth auth;

  @BeforeEach
  void setUp() {
    pg = DB.create(clock, schema);
    auth = instance(pg.stores());
    auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
  }

  private Auth instance(Stores stores) {
    return Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
        .eventListener(events::add).mailer(mailer).build();
  }

  private AuthTokens login(Auth a) {
    return ((LoginResult.Success) a.login("alice", PASSWORD, ClientInfo.unknown())).tokens();
  }

  @Test
  @DisplayName("20 threads refreshing one token: each gets a pair or a refusal, and one lineage lives on")
  void concurrentRefresh() {
    AuthTokens first = login(auth);
    List<RefreshResult> results = Race.run(20, i -> auth.refresh(first.refreshToken().reveal(), ClientInfo.unknown()));
    assertThat(results).allMatch(r -> r instanceof RefreshResult.Success || r instanceof RefreshResult.InvalidToken);
    List<AuthTokens> winners = new ArrayList<>();
    results.forEach(r -> {
      if (r instanceof RefreshResult.Success s) {
        winners.add(s.tokens());
      }
    });
    long working = winners.stream()
        .filter(w -> auth.refresh(w.refreshToken().reveal(), ClientInfo.unknown()) instanceof RefreshResult.Success)
        .count();
    assertThat(working).isEqualTo(1);
  }

  @Test
  @DisplayName("100 parallel failed logins: exactly the threshold reach the password check")
  void parallelFailedLogins() {
    Race.run(100, i -> auth.login("alice", "wrong password number " + i, ClientInfo.unknown()));
    long checked = events.stream().filter(e -> e.type() == AuthEventType.LOGIN_FAILED)
        .filter(e -> "password".equals(e.details().get("reason"))).count();
    assertThat(checked).isEqualTo(10);
    assertThat(auth.login("alice", PASSWORD, ClientInfo.unknown())).isInstanceOf(LoginResult.InvalidCredentials.class);
  }

  @Test
  @DisplayName("two instances on one database: a token from A works on B, and a logout on A is refused on B")
  void twoInstances() {
    Auth other = instance(pg.stores());
    AuthTokens fromA = login(auth);
    assertThat(other.verify(fromA.accessToken().token())).isInstanceOf(TokenVerification.Valid.class);
    AuthTokens refreshedOnB = ((RefreshResult.Success) other.refresh(fromA.refreshToken().reveal(),
        ClientInfo.unknown())).tokens();
    var principal = ((TokenVerification.Valid) auth.verify(refreshedOnB.accessToken().token())).principal();
    auth.logout(principal, ClientInfo.unknown());
    assertThat(other.verify(refreshedOnB.accessToken().token())).isInstanceOf(TokenVerification.Invalid.class);
    assertThat(other.refresh(refreshedOnB.refreshToken().reveal(), ClientInfo.unknown()))
        .isInstanceOf(RefreshResult.InvalidToken.class);
  }

  @Test
  @DisplayName("the tables hold refresh and one-time tokens only as hashes")
  void onlyHashes() throws Exception {
    AuthTokens tokens = login(auth);
    auth.requestPasswordReset("alice@example.com");
    String body = mailer.lastTo("alice@example.com").orElseThrow().body();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("token=(\\S+)").matcher(body);
    assertThat(m.find()).isTrue();
    String resetToken = java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8);
    String refresh = tokens.refreshToken().reveal();
    try (Connection c = DB.dataSource().getConnection(); Statement st = c.createStatement()) {
      List<String> dumps = new ArrayList<>();
      for (String table : List.of("sessions", "one_time_tokens", "users", "events")) {
        try (ResultSet rs = st.executeQuery("select * from " + schema + "." + table)) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
              Object value = rs.getObject(i);
              dumps.add(value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                  : String.valueOf(value));
            }
          }
        }
      }
      assertThat(dumps).isNotEmpty().noneMatch(v -> v.contains(refresh) || v.contains(resetToken)
          || v.contains(PASSWORD));
      try (ResultSet rs = st.executeQuery("select count(*) from " + schema + ".one_time_tokens where hash = '"
          + dev.latchkey.auth.core.token.TokenHash.of(resetToken).hex() + "'")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }
}
