package dev.latchkey.auth.store.postgres;

import static dev.latchkey.auth.store.postgres.internal.jooq.Tables.RATE_LIMITS;

import dev.latchkey.auth.core.ratelimit.RateDecision;
import dev.latchkey.auth.core.ratelimit.RateLimit;
import dev.latchkey.auth.core.ratelimit.RateLimitState;
import dev.latchkey.auth.core.ratelimit.RateLimiter;
import dev.latchkey.auth.store.postgres.internal.jooq.tables.records.RateLimitsRecord;
import java.time.Instant;
import java.util.List;

/**
 * {@link RateLimiter} over {@code rate_limits}: the key's row is created if missing and locked, and the core's
 * {@link RateLimitState#attempt} decides, so parallel attempts on any number of instances are counted exactly.
 */
final class PgRateLimiter implements RateLimiter {
  private final Db db;

  PgRateLimiter(Db db) {
    this.db = db;
  }

  @Override
  public RateDecision acquire(String key, RateLimit limit, Instant now) {
    return db.tx(dsl -> {
      RateLimitState fresh = RateLimitState.fresh(now);
      dsl.insertInto(RATE_LIMITS).set(RATE_LIMITS.LIMIT_KEY, key).set(RATE_LIMITS.ATTEMPTS, fresh.attempts())
          .set(RATE_LIMITS.WINDOW_START, Db.ts(fresh.windowStart()))
          .set(RATE_LIMITS.LOCKED_UNTIL, Db.ts(fresh.lockedUntil()))
          .set(RATE_LIMITS.LOCKOUTS, fresh.lockouts()).set(RATE_LIMITS.FORGET_AT, Db.ts(fresh.forgetAt()))
          .onConflictDoNothing().execute();
      RateLimitsRecord r = dsl.selectFrom(RATE_LIMITS).where(RATE_LIMITS.LIMIT_KEY.eq(key)).forUpdate().fetchSingle();
      RateLimitState.Outcome outcome = new RateLimitState(r.getAttempts(), r.getWindowStart().toInstant(),
          r.getLockedUntil().toInstant(), r.getLockouts(), r.getForgetAt().toInstant()).attempt(limit, now);
      RateLimitState next = outcome.next();
      r.setAttempts(next.attempts());
      r.setWindowStart(Db.ts(next.windowStart()));
      r.setLockedUntil(Db.ts(next.lockedUntil()));
      r.setLockouts(next.lockouts());
      r.setForgetAt(Db.ts(next.forgetAt()));
      r.update();
      return outcome.decision();
    });
  }

  @Override
  public void reset(String key) {
    db.read(dsl -> dsl.deleteFrom(RATE_LIMITS).where(RATE_LIMITS.LIMIT_KEY.eq(key)).execute());
  }

  @Override
  public List<String> lockedKeys(String keyPrefix, Instant now, int limit) {
    return db.read(dsl -> dsl.select(RATE_LIMITS.LIMIT_KEY).from(RATE_LIMITS)
        .where(RATE_LIMITS.LIMIT_KEY.startsWith(keyPrefix).and(RATE_LIMITS.LOCKED_UNTIL.gt(Db.ts(now)))
            .and(RATE_LIMITS.FORGET_AT.gt(Db.ts(now))))
        .limit(limit).fetch(RATE_LIMITS.LIMIT_KEY));
  }

  int purgeExpired() {
    return db.read(dsl -> dsl.deleteFrom(RATE_LIMITS).where(RATE_LIMITS.FORGET_AT.le(Db.ts(db.now()))).execute());
  }
}
