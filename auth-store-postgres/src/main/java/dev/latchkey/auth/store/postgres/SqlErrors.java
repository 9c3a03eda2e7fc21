package dev.latchkey.auth.store.postgres;

import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.StoreUnavailableException;
import dev.latchkey.auth.core.ValidationException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL errors, by SQLState class, as the core's exceptions; the vendor error stays the cause. Messages name
 * the SQLState only: never the statement, a bound value or the server's detail line (which may quote a row).
 *
 * <ol>
 *   <li>No SQLState, {@code 08} connection, {@code 53} insufficient resources, {@code 57} operator intervention
 *       (shutdown, query cancelled by a timeout), {@code 58} system error, {@code 25} invalid transaction state (a
 *       read-only standby after a failover), {@code 55} lock or object not available, {@code 40} transaction rollback
 *       (serialization failure and deadlock once retries are spent), {@code XX} internal error, and a pool that
 *       timed out: {@link StoreUnavailableException} (HTTP 503, retry later).
 *   <li>{@code 23505} unique and {@code 23P01} exclusion violations, {@code 23503} foreign key and other integrity
 *       violations: {@link ConflictException} (HTTP 409), the data changed under the request.
 *   <li>{@code 23502} not-null and {@code 23514} check violations, class {@code 22} data exceptions (a value too long
 *       for its column, out of range, malformed): {@link ValidationException} on the field {@code request}, whose
 *       message never quotes the value (HTTP 400).
 *   <li>Anything else ({@code 42} syntax or undefined object, {@code 0A} unsupported, an unknown class) is a defect of
 *       this adapter or its schema: an {@link IllegalStateException} naming the SQLState only, which HTTP layers
 *       answer with a detail-free 500.
 * </ol>
 */
final class SqlErrors {
  /** The field a data error is reported on: the store cannot tell which of the request's values overflowed. */
  static final String FIELD = "request";

  private SqlErrors() {}

  /** Whether the error ended a transaction that may simply be run again (serialization failure, deadlock). */
  static boolean retryable(Throwable e) {
    String state = sqlState(e);
    return "40001".equals(state) || "40P01".equals(state);
  }

  /** The core's exception for a failed statement; {@code e} is kept as the cause. */
  static RuntimeException translate(Throwable e) {
    String state = sqlState(e);
    if (state == null || hasCause(e, SQLTransientConnectionException.class)) {
      return new StoreUnavailableException("PostgreSQL is unavailable", e);
    }
    String label = "(SQLState " + state + ")";
    return switch (state) {
      case "23505", "23P01" -> new ConflictException("a record with this key exists", e);
      case "23502", "23514" -> new ValidationException(List.of(new ValidationException.FieldError(FIELD,
          "a required value is missing or out of range")), e);
      default -> switch (state.substring(0, 2)) {
        case "08", "53", "57", "58", "25", "55", "40", "XX" ->
            new StoreUnavailableException("PostgreSQL is unavailable " + label, e);
        case "23" -> new ConflictException("the record changed or is still referenced", e);
        case "22" -> new ValidationException(List.of(new ValidationException.FieldError(FIELD,
            "a value is too long or not in an accepted form")), e);
        default -> new IllegalStateException("PostgreSQL rejected a statement of the store " + label, e);
      };
    };
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** The first SQLState along the cause chain, or null when no SQL error carries one. */
  static @Nullable String sqlState(@Nullable Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }
}
