package dev.latchkey.auth.store.postgres;

import static dev.latchkey.auth.store.postgres.internal.jooq.Tables.RATE_LIMITS;

import dev.latchkey.auth.core.ratelimit.RateDecision;
import dev.latchkey.auth.core.ratelimit.RateLimit;
import dev.latchkey.auth.core.ratelimit.RateLimitState;
import dev.latchkey.auth.core.ratelimit.RateLimiter;
import dev.latchkey.auth.store.postgres.internal.jooq.tables.records.RateLimitsRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.impl.DSL;

/**
 * {@link RateLimiter} over {@code rate_limits}: the core's {@link RateLimitState#attempt} decides on the key's row as
 * read, and the result is stored by compare-and-set (an insert that must not conflict, or an update whose condition is
 * the whole row as read), so parallel attempts on any number of instances are counted exactly. An attempt costs two
 * autocommit statements, rendered once; one that keeps losing races falls back to a transaction that locks the row.
 */
final class PgRateLimiter implements RateLimiter {
  private static final int OPTIMISTIC_TRIES = 8;

  private final Db db;
  private final String selectSql;
  private final String insertSql;
  private final String casSql;

  PgRateLimiter(Db db) {
    this.db = db;
    OffsetDateTime t = Db.ts(Instant.EPOCH);
    this.selectSql = db.render(dsl -> dsl.selectFrom(RATE_LIMITS).where(RATE_LIMITS.LIMIT_KEY.eq(DSL.val(""))));
    this.insertSql = db.render(dsl -> dsl.insertInto(RATE_LIMITS).set(RATE_LIMITS.LIMIT_KEY, DSL.val(""))
        .set(RATE_LIMITS.ATTEMPTS, DSL.val(0)).set(RATE_LIMITS.WINDOW_START, DSL.val(t))
        .set(RATE_LIMITS.LOCKED_UNTIL, DSL.val(t)).set(RATE_LIMITS.LOCKOUTS, DSL.val(0))
        .set(RATE_LIMITS.FORGET_AT, DSL.val(t)).onConflictDoNothing());
    this.casSql = db.render(dsl -> dsl.update(RATE_LIMITS).set(RATE_LIMITS.ATTEMPTS, DSL.val(0))
        .set(RATE_LIMITS.WINDOW_START, DSL.val(t)).set(RATE_LIMITS.LOCKED_UNTIL, DSL.val(t))
        .set(RATE_LIMITS.LOCKOUTS, DSL.val(0)).set(RATE_LIMITS.FORGET_AT, DSL.val(t))
        .where(RATE_LIMITS.LIMIT_KEY.eq(DSL.val("")).and(RATE_LIMITS.ATTEMPTS.eq(DSL.val(0)))
            .and(RATE_LIMITS.WINDOW_START.eq(DSL.val(t))).and(RATE_LIMITS.LOCKED_UNTIL.eq(DSL.val(t)))
            .and(RATE_LIMITS.LOCKOUTS.eq(DSL.val(0))).and(RATE_LIMITS.FORGET_AT.eq(DSL.val(t)))));
  }

  /** A row as read: the core's state plus the exact stored values the compare-and-set compares with. */
  private record Row(RateLimitState state, Object[] stored) {}

  @Override
  public RateDecision acquire(String key, RateLimit limit, Instant now) {
    for (int i = 0; i < OPTIMISTIC_TRIES; i++) {
      List<Row> rows = db.query(selectSql, r -> new Row(new RateLimitState(r.getInt("attempts"),
          r.getObject("window_start", OffsetDateTime.class).toInstant(),
          r.getObject("locked_until", OffsetDateTime.class).toInstant(), r.getInt("lockouts"),
          r.getObject("forget_at", OffsetDateTime.class).toInstant()),
          new Object[] {r.getInt("attempts"), r.getObject("window_start", OffsetDateTime.class),
              r.getObject("locked_until", OffsetDateTime.class), r.getInt("lockouts"),
              r.getObject("forget_at", OffsetDateTime.class)}), key);
      RateLimitState current = rows.isEmpty() ? RateLimitState.fresh(now) : rows.get(0).state();
      RateLimitState.Outcome outcome = current.attempt(limit, now);
      RateLimitState n = outcome.next();
      Object[] next = {n.attempts(), Db.ts(n.windowStart()), Db.ts(n.lockedUntil()), n.lockouts(),
          Db.ts(n.forgetAt())};
      int written = rows.isEmpty()
          ? db.update(insertSql, key, next[0], next[1], next[2], next[3], next[4])
          : db.update(casSql, concat(next, key, rows.get(0).stored()));
      if (written == 1) {
        return outcome.decision();
      }
    }
    return lockedAcquire(key, limit, now);
  }

  private static Object[] concat(Object[] next, String key, Object[] stored) {
    Object[] all = new Object[next.length + 1 + stored.length];
    System.arraycopy(next, 0, all, 0, next.length);
    all[next.length] = key;
    System.arraycopy(stored, 0, all, next.length + 1, stored.length);
    return all;
  }

  /** The pessimistic path: create the row if missing, lock it, decide, store. */
  private RateDecision lockedAcquire(String key, RateLimit limit, Instant now) {
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
    // RateLimitState.release as one statement: the count and the lock end, the lockout history stays.
    db.read(dsl -> dsl.update(RATE_LIMITS).set(RATE_LIMITS.ATTEMPTS, 0)
        .set(RATE_LIMITS.LOCKED_UNTIL, Db.ts(Instant.EPOCH)).where(RATE_LIMITS.LIMIT_KEY.eq(key)).execute());
  }

  /** {@link RateLimitState#refund} as one conditional decrement, so it is as atomic as an attempt. */
  @Override
  public void refund(String key, RateLimit limit, Instant countedAt) {
    OffsetDateTime at = Db.ts(countedAt);
    db.read(dsl -> dsl.update(RATE_LIMITS).set(RATE_LIMITS.ATTEMPTS, RATE_LIMITS.ATTEMPTS.minus(1))
        .where(RATE_LIMITS.LIMIT_KEY.eq(key).and(RATE_LIMITS.ATTEMPTS.gt(0))
            .and(RATE_LIMITS.WINDOW_START.le(at))
            .and(RATE_LIMITS.WINDOW_START.gt(Db.ts(countedAt.minus(limit.window()))))
            .and(RATE_LIMITS.FORGET_AT.gt(at)))
        .execute());
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
