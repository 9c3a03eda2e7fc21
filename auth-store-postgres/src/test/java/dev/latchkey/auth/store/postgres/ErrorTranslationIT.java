package dev.latchkey.auth.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.StoreUnavailableException;
import dev.latchkey.auth.core.Stores;
import dev.latchkey.auth.core.ValidationException;
import dev.latchkey.auth.core.ratelimit.RateLimit;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.testkit.MutableClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real PostgreSQL errors, provoked by real statements of the stores, reach callers as the core's exceptions: data
 * that does not fit is a validation failure (HTTP 400) that never quotes the value, a store that cannot serve is
 * unavailable (503), a schema defect is an internal error that names only the SQLState. None of them is a raw jOOQ or
 * JDBC exception (which the HTTP layer would answer with a 500).
 */
class ErrorTranslationIT {
  @RegisterExtension
  static final PostgresDatabase DB = new PostgresDatabase();
  private static final RateLimit LIMIT = new RateLimit(5, Duration.ofMinutes(15), Duration.ofMinutes(1),
      Duration.ofHours(1));

  private final MutableClock clock = MutableClock.standard();
  private final String schema = PostgresDatabase.newSchemaName();
  private Stores stores;
  private HikariDataSource session;

  @BeforeEach
  void setUp() {
    stores = DB.create(clock, schema).stores();
  }

  @AfterEach
  void tearDown() {
    if (session != null) {
      session.close();
    }
  }

  /** Stores on the same schema over connections that first run {@code sql} (a session setting). */
  private Stores storesWithSession(String sql) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(DB.dataSource().getJdbcUrl());
    config.setUsername(DB.dataSource().getUsername());
    config.setPassword(DB.dataSource().getPassword());
    config.setConnectionInitSql(sql);
    config.setMaximumPoolSize(2);
    session = new HikariDataSource(config);
    return PostgresStores.create(session, PostgresOptions.defaults().withSchema(schema).withClock(clock)).stores();
  }

  private void sql(String statement) throws Exception {
    try (Connection c = DB.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute(statement.replace("$s", schema));
    }
  }

  private User user(String username) {
    return new User(UserId.random(), username, username + "@example.com", false, null, null, true, false,
        "{argon2}hash", false, clock.instant(), null, 1);
  }

  private static void isValidationWithoutValue(AbstractThrowableAssert<?, ?> thrown, String value) {
    thrown.isInstanceOf(ValidationException.class).hasMessageNotContaining(value)
        .hasMessageNotContainingAny("select", "insert", "SQL")
        .satisfies(e -> assertThat(((ValidationException) e).errors()).extracting(ValidationException.FieldError::field)
            .containsExactly("request"));
  }

  @Test
  @DisplayName("a 600-character limiter key (SQLState 22001, value too long) is a validation failure without the key")
  void limiterKeyTooLong() {
    String key = "login:id:" + "k".repeat(600);
    isValidationWithoutValue(assertThatThrownBy(() -> stores.rateLimiter().acquire(key, LIMIT, clock.instant())),
        "kkkkkkkkkk");
  }

  @Test
  @DisplayName("a 300-character username stored directly (22001) is a validation failure without the name")
  void usernameTooLong() {
    String name = "u".repeat(300);
    isValidationWithoutValue(assertThatThrownBy(() -> stores.users().create(user(name))), "uuuuuuuuuu");
  }

  @Test
  @DisplayName("a check constraint (23514) is a validation failure; a taken username (23505) a conflict")
  void integrity() throws Exception {
    stores.users().create(user("alice"));
    assertThatThrownBy(() -> stores.users().create(user("Alice"))).isInstanceOf(ConflictException.class)
        .hasMessageNotContaining("alice");
    sql("alter table $s.users add constraint short_names check (length(username) < 10)");
    isValidationWithoutValue(assertThatThrownBy(() -> stores.users().create(user("bartholomew"))), "bartholomew");
  }

  @Test
  @DisplayName("a lock held past lock_timeout (55P03) makes the store unavailable, not a 500")
  void lockTimeout() throws Exception {
    Stores impatient = storesWithSession("set lock_timeout = '100ms'");
    try (Connection holder = DB.dataSource().getConnection(); Statement st = holder.createStatement()) {
      holder.setAutoCommit(false);
      st.execute("lock table " + schema + ".rate_limits in access exclusive mode");
      assertThatThrownBy(() -> impatient.rateLimiter().acquire("login:id:x", LIMIT, clock.instant()))
          .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("55P03");
      holder.rollback();
    }
    assertThat(impatient.rateLimiter().acquire("login:id:x", LIMIT, clock.instant()))
        .isInstanceOf(dev.latchkey.auth.core.ratelimit.RateDecision.Allowed.class);
  }

  @Test
  @DisplayName("a statement past statement_timeout (57014) makes the store unavailable")
  void statementTimeout() throws Exception {
    Stores impatient = storesWithSession("set statement_timeout = '100ms'");
    try (Connection holder = DB.dataSource().getConnection(); Statement st = holder.createStatement()) {
      holder.setAutoCommit(false);
      st.execute("lock table " + schema + ".users in access exclusive mode");
      assertThatThrownBy(() -> impatient.users().create(user("carol"))).isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("57014");
      holder.rollback();
    }
  }

  @Test
  @DisplayName("a read-only server (25006, a standby after failover) makes writes unavailable")
  void readOnly() {
    Stores standby = storesWithSession("set default_transaction_read_only = on");
    assertThatThrownBy(() -> standby.users().create(user("dave"))).isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("25006");
    assertThatThrownBy(() -> standby.rateLimiter().acquire("login:id:y", LIMIT, clock.instant()))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  @DisplayName("serialization failures (40001) are retried a bounded number of times, then the store is unavailable")
  void serializationFailureRetriedThenUnavailable() throws Exception {
    sql("create sequence $s.attempts");
    sql("create function $s.conflict() returns trigger language plpgsql as $$ begin perform nextval('$s.attempts');"
        + " raise exception using errcode = 'serialization_failure'; end $$");
    sql("create trigger conflict before insert on $s.rate_limits for each row execute function $s.conflict()");
    assertThatThrownBy(() -> stores.rateLimiter().acquire("login:id:z", LIMIT, clock.instant()))
        .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("40001");
    assertThat(attempts()).isEqualTo(1 + PostgresOptions.defaults().maxRetries());

    sql("create trigger conflict before insert on $s.users for each row execute function $s.conflict()");
    assertThatThrownBy(() -> stores.users().create(user("erin"))).isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("40001");
  }

  private long attempts() throws Exception {
    try (Connection c = DB.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select last_value from " + schema + ".attempts")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  @DisplayName("a schema defect (42P01, undefined table) is an internal error naming only the SQLState")
  void schemaDefect() throws Exception {
    sql("drop table $s.rate_limits");
    assertThatThrownBy(() -> stores.rateLimiter().acquire("login:id:secret-value", LIMIT, clock.instant()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("42P01")
        .hasMessageNotContainingAny("secret-value", "select", "rate_limits");
  }
}
