package dev.latchkey.auth.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.AuthTokens;
import dev.latchkey.auth.core.Stores;
import dev.latchkey.auth.testkit.AuthFlowContract;
import dev.latchkey.auth.testkit.CapturingMailer;
import dev.latchkey.auth.testkit.MutableClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The core's flows on PostgreSQL (the shared {@link AuthFlowContract}), plus: the tables hold only hashes. */
class PostgresFlowIT extends AuthFlowContract {
  @RegisterExtension
  static final PostgresDatabase DB = new PostgresDatabase();

  private final String schema = PostgresDatabase.newSchemaName();
  private final CapturingMailer mailer = new CapturingMailer();

  @Override
  protected Stores createStores(MutableClock clock) {
    return DB.create(clock, schema).stores();
  }

  @Override
  protected Auth instance() {
    return Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
        .eventListener(events::add).mailer(mailer).build();
  }

  @Test
  @DisplayName("a 500-character login identifier is a failed login, never a limiter key wider than the column")
  void oversizedLoginIdentifier() {
    for (String identifier : List.of("a".repeat(500), "b".repeat(490) + "@example.com", " " + "C".repeat(255))) {
      assertThat(auth.login(identifier, PASSWORD, dev.latchkey.auth.core.ClientInfo.ip("203.0.113.7")))
          .isInstanceOf(dev.latchkey.auth.core.LoginResult.InvalidCredentials.class);
    }
    assertThat(auth.login("alice", PASSWORD, dev.latchkey.auth.core.ClientInfo.ip("203.0.113.7")))
        .isInstanceOf(dev.latchkey.auth.core.LoginResult.Success.class);
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
