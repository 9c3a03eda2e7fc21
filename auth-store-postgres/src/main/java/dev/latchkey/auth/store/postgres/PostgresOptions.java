package dev.latchkey.auth.store.postgres;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of the PostgreSQL stores.
 *
 * @param schema the schema Latchkey's tables and its Flyway history live in (default {@code auth}); created if missing
 * @param migrate whether {@link PostgresStores#create} applies pending migrations (default true)
 * @param clock the clock expiry is judged by (default system UTC)
 * @param maxRetries how often a transaction that hit a serialization failure or deadlock is retried (default 3)
 * @param connectionTimeout for pools built by {@link PostgresStores#connect}: how long a request waits for a
 *     connection before it fails with {@code StoreUnavailableException} (default 5 s, at least 250 ms)
 * @param changeFeed whether revocation checks are answered from memory while a connection of the pool listens
 *     for revocations ({@code LISTEN}/{@code NOTIFY}): a token found not revoked costs no query until the next
 *     revocation anywhere; a revocation takes effect at once on the instance that made it and on the others when its
 *     notification arrives (default false: every check is a query)
 */
public record PostgresOptions(
    String schema, boolean migrate, Clock clock, int maxRetries, Duration connectionTimeout, boolean changeFeed) {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** Validates the settings. */
  public PostgresOptions {
    Objects.requireNonNull(schema, "postgresOptions.schema");
    Objects.requireNonNull(clock, "postgresOptions.clock");
    if (!IDENTIFIER.matcher(schema).matches()) {
      throw new IllegalArgumentException(
          "postgresOptions.schema must be a lower-case SQL identifier (letters, digits, '_')");
    }
    Objects.requireNonNull(connectionTimeout, "postgresOptions.connectionTimeout");
    if (connectionTimeout.compareTo(Duration.ofMillis(250)) < 0) {
      throw new IllegalArgumentException("postgresOptions.connectionTimeout must be at least 250 ms");
    }
    if (maxRetries < 0 || maxRetries > 10) {
      throw new IllegalArgumentException("postgresOptions.maxRetries must be between 0 and 10");
    }
  }

  /** Schema {@code auth}, migrations applied, system clock, 3 retries, 5 s connection timeout, no revocation feed. */
  public static PostgresOptions defaults() {
    return new PostgresOptions("auth", true, Clock.systemUTC(), 3, Duration.ofSeconds(5), false);
  }

  /** A copy using another schema. */
  public PostgresOptions withSchema(String newSchema) {
    return new PostgresOptions(newSchema, migrate, clock, maxRetries, connectionTimeout, changeFeed);
  }

  /** A copy judging expiry by another clock (tests move a {@code MutableClock}). */
  public PostgresOptions withClock(Clock newClock) {
    return new PostgresOptions(schema, migrate, newClock, maxRetries, connectionTimeout, changeFeed);
  }

  /** A copy with another connection timeout for pools built by {@link PostgresStores#connect}. */
  public PostgresOptions withConnectionTimeout(Duration timeout) {
    return new PostgresOptions(schema, migrate, clock, maxRetries, timeout, changeFeed);
  }

  /** A copy with the revocation feed on or off (see {@link #changeFeed()}). */
  public PostgresOptions withChangeFeed(boolean on) {
    return new PostgresOptions(schema, migrate, clock, maxRetries, connectionTimeout, on);
  }
}
