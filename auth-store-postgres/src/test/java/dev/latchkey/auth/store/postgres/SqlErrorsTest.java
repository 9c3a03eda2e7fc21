package dev.latchkey.auth.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.StoreUnavailableException;
import dev.latchkey.auth.core.ValidationException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every SQLState class PostgreSQL documents lands on one of the core's outcomes (ErrorTranslationIT provokes the
 * common ones with real statements); the message names the SQLState, never the statement or the server's text.
 */
class SqlErrorsTest {
  private static RuntimeException translate(String state) {
    SQLException vendor = new SQLException("ERROR: value 'hunter2' in select * from users", state);
    return SqlErrors.translate(new DataAccessException("SQL [select * from users where name = 'hunter2']", vendor));
  }

  @ParameterizedTest
  @ValueSource(strings = {"08000", "08001", "08003", "08006", "08P01", "53000", "53100", "53200", "53300", "53400",
      "57000", "57014", "57P01", "57P02", "57P03", "57P04", "57P05", "58000", "58030", "25006", "25P03", "55P03",
      "55006", "40001", "40P01", "40003", "XX000", "XX001"})
  @DisplayName("connection, resource, shutdown, timeout, read-only, lock and rollback errors: store unavailable")
  void unavailable(String state) {
    assertThat(translate(state)).isInstanceOf(StoreUnavailableException.class).hasMessageContaining(state)
        .hasMessageNotContaining("hunter2").hasMessageNotContaining("select");
  }

  @ParameterizedTest
  @ValueSource(strings = {"23505", "23P01", "23503", "23001", "23000"})
  @DisplayName("unique, exclusion, foreign-key and other integrity violations: conflict")
  void conflict(String state) {
    assertThat(translate(state)).isInstanceOf(ConflictException.class).hasMessageNotContaining("hunter2")
        .hasCauseInstanceOf(DataAccessException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"23502", "23514", "22001", "22003", "22007", "22008", "22P02", "22021", "2200H", "22000"})
  @DisplayName("not-null and check violations and data exceptions: validation on 'request', value never quoted")
  void validation(String state) {
    RuntimeException e = translate(state);
    assertThat(e).isInstanceOf(ValidationException.class).hasMessageNotContaining("hunter2")
        .hasCauseInstanceOf(DataAccessException.class);
    assertThat(((ValidationException) e).errors()).singleElement()
        .satisfies(f -> assertThat(f.field()).isEqualTo("request"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"42601", "42P01", "42703", "0A000", "P0001", "HV000", "F0000", "27000", "2BP01"})
  @DisplayName("syntax, undefined objects, unsupported features and unknown classes: an internal error naming only "
      + "the SQLState")
  void internal(String state) {
    assertThat(translate(state)).isExactlyInstanceOf(IllegalStateException.class).hasMessageContaining(state)
        .hasMessageNotContaining("hunter2").hasMessageNotContaining("select");
  }

  @Test
  @DisplayName("no SQLState at all, or a pool that timed out, is an unavailable store")
  void withoutState() {
    assertThat(SqlErrors.translate(new DataAccessException("no connection"))).isInstanceOf(
        StoreUnavailableException.class);
    assertThat(SqlErrors.translate(new DataAccessException("pool", new SQLTransientConnectionException(
        "latchkey - Connection is not available", "23505")))).isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  @DisplayName("only serialization failures and deadlocks are worth running again")
  void retryable() {
    assertThat(SqlErrors.retryable(new SQLException("x", "40001"))).isTrue();
    assertThat(SqlErrors.retryable(new SQLException("x", "40P01"))).isTrue();
    assertThat(SqlErrors.retryable(new SQLException("x", "23505"))).isFalse();
    assertThat(SqlErrors.retryable(new SQLException("x"))).isFalse();
  }
}
