package dev.latchkey.auth.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.RenderMapping;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * The jOOQ context every store shares: generated tables rendered into the configured schema, transactions with
 * bounded retries on serialization failures and deadlocks, and PostgreSQL errors translated into the core's
 * exceptions by {@link SqlErrors} (unique violation: conflict; data too long: validation; connection trouble: store
 * unavailable), causes kept.
 */
final class Db {
  private final DataSource dataSource;
  private final DSLContext dsl;
  private final Clock clock;
  private final int maxRetries;

  Db(DataSource dataSource, PostgresOptions options) {
    Settings settings = new Settings().withExecuteLogging(false).withRenderMapping(new RenderMapping().withSchemata(
        new MappedSchema().withInput("").withOutput(options.schema())));
    this.dataSource = dataSource;
    this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES, settings);
    this.clock = options.clock();
    this.maxRetries = options.maxRetries();
  }

  Instant now() {
    return clock.instant();
  }

  /**
   * An instant as PostgreSQL stores it: truncated (never rounded) to microseconds, so that comparisons against "now"
   * keep expiry exclusive at the boundary.
   */
  static OffsetDateTime ts(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }

  static @Nullable OffsetDateTime tsOrNull(@Nullable Instant instant) {
    return instant == null ? null : ts(instant);
  }

  static @Nullable Instant instantOrNull(@Nullable OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  /**
   * Renders a query once (type-safe and schema-mapped by jOOQ) into SQL with {@code ?} placeholders, for the hot paths
   * that {@link #query} and {@link #update} then run as plain prepared statements: building and rendering a jOOQ
   * query costs more CPU than the database round trip itself (measured with JFR on the refresh path).
   */
  String render(Function<DSLContext, Query> query) {
    return dsl.render(query.apply(dsl));
  }

  /** Runs pre-rendered SQL and maps its rows; errors are translated (and retried) as for jOOQ statements. */
  <T> List<T> query(String sql, RowMapper<T> mapper, Object... binds) {
    return retrying(() -> {
      try (Connection c = dataSource.getConnection();
          PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, binds);
        try (ResultSet rs = ps.executeQuery()) {
          List<T> rows = new ArrayList<>();
          while (rs.next()) {
            rows.add(mapper.map(rs));
          }
          return rows;
        }
      }
    });
  }

  /** Runs a pre-rendered insert, update or delete; returns the row count. */
  int update(String sql, Object... binds) {
    return retrying(() -> {
      try (Connection c = dataSource.getConnection();
          PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, binds);
        return ps.executeUpdate();
      }
    });
  }

  /** One autocommit statement over JDBC. */
  @FunctionalInterface
  private interface JdbcWork<T> {
    T run() throws SQLException;
  }

  /**
   * Runs one autocommit statement; a deadlock or serialization failure rolled it back whole, so it is run again up to
   * the configured count, like a transaction.
   */
  private <T> T retrying(JdbcWork<T> statement) {
    for (int attempt = 0; ; attempt++) {
      try {
        return statement.run();
      } catch (SQLException e) {
        if (attempt < maxRetries && SqlErrors.retryable(e)) {
          continue;
        }
        throw SqlErrors.translate(e);
      }
    }
  }

  private static void bind(PreparedStatement ps, Object[] binds) throws SQLException {
    for (int i = 0; i < binds.length; i++) {
      ps.setObject(i + 1, binds[i]);
    }
  }

  /** Maps one row of a {@link ResultSet}. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  /**
   * Notifies {@code channel} with {@code payload} when the surrounding transaction commits (PostgreSQL delivers
   * notifications at commit, never for a rollback).
   *
   * @return true, so that it can end a condition
   */
  static boolean notify(DSLContext dsl, String channel, String payload) {
    dsl.resultQuery("select pg_notify({0}, {1})", DSL.val(channel), DSL.val(payload)).fetch();
    return true;
  }

  /** Runs one statement (autocommit) with error translation. */
  <T> T read(Function<DSLContext, T> work) {
    try {
      return work.apply(dsl);
    } catch (DataAccessException e) {
      throw SqlErrors.translate(e);
    }
  }

  /**
   * Runs {@code work} in one transaction. Serialization failures and deadlocks are retried up to the configured
   * count; the work must therefore be safe to repeat (it is: each attempt re-reads what it decides on).
   */
  <T> T tx(Function<DSLContext, T> work) {
    for (int attempt = 0; ; attempt++) {
      try {
        return dsl.transactionResult(cfg -> work.apply(DSL.using(cfg)));
      } catch (DataAccessException e) {
        if (attempt < maxRetries && SqlErrors.retryable(e)) {
          continue;
        }
        throw SqlErrors.translate(e);
      } catch (RuntimeException e) {
        if (e.getCause() instanceof DataAccessException dae) {
          throw SqlErrors.translate(dae);
        }
        throw e;
      }
    }
  }
}
