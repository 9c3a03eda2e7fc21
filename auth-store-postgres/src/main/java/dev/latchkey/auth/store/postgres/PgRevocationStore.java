package dev.latchkey.auth.store.postgres;

import static dev.latchkey.auth.store.postgres.internal.jooq.Tables.REVOKED_SESSIONS;
import static dev.latchkey.auth.store.postgres.internal.jooq.Tables.REVOKED_TOKENS;
import static dev.latchkey.auth.store.postgres.internal.jooq.Tables.USER_EPOCHS;

import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.token.RevocationCache;
import dev.latchkey.auth.core.token.RevocationStore;
import dev.latchkey.auth.core.user.UserId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * {@link RevocationStore} over three small tables. Writes are upserts that only ever extend an entry (values are
 * bound, not taken from {@code excluded}, which jOOQ's schema mapping would qualify), each with a {@code NOTIFY} in
 * its transaction; the check is one statement (three indexed existence tests), answered from a
 * {@link RevocationCache} while the {@link ChangeFeed} listens, so that a token already found not revoked costs
 * no round trip until the next revocation anywhere.
 */
final class PgRevocationStore implements RevocationStore {
  /** Bound for a token without a session: no session has the nil id. */
  private static final UUID NO_SESSION = new UUID(0, 0);
  private final Db db;
  private final String isRevokedSql;
  private final String channel;
  private final RevocationCache cache;

  /**
   * A store whose checks go through {@code cache}: it is only ever live while a {@link ChangeFeed} listens on
   * {@code channel}, and every write here notifies that channel in its own transaction.
   */
  PgRevocationStore(Db db, String channel, RevocationCache cache) {
    this.db = db;
    this.isRevokedSql = renderIsRevoked(db);
    this.channel = channel;
    this.cache = cache;
  }

  /** Runs a revocation write and its notification in one transaction, then forgets this instance's kept answers. */
  private void revoke(Function<DSLContext, Integer> write) {
    db.tx(dsl -> {
      write.apply(dsl);
      return Db.notify(dsl, channel, "");
    });
    cache.invalidate();
  }

  @Override
  public void revokeToken(UserId userId, String tokenId, Instant until) {
    revoke(dsl -> dsl.insertInto(REVOKED_TOKENS).set(REVOKED_TOKENS.TOKEN_ID, tokenId)
        .set(REVOKED_TOKENS.UNTIL, Db.ts(until))
        .onConflict(REVOKED_TOKENS.TOKEN_ID).doUpdate()
        .set(REVOKED_TOKENS.UNTIL, DSL.greatest(REVOKED_TOKENS.UNTIL, DSL.val(Db.ts(until))))
        .execute());
  }

  @Override
  public void revokeSession(UserId userId, SessionId sessionId, Instant until) {
    revoke(dsl -> dsl.insertInto(REVOKED_SESSIONS).set(REVOKED_SESSIONS.SESSION_ID, sessionId.value())
        .set(REVOKED_SESSIONS.UNTIL, Db.ts(until))
        .onConflict(REVOKED_SESSIONS.SESSION_ID).doUpdate()
        .set(REVOKED_SESSIONS.UNTIL, DSL.greatest(REVOKED_SESSIONS.UNTIL, DSL.val(Db.ts(until))))
        .execute());
  }

  @Override
  public void revokeUserBefore(UserId userId, Instant validAfter, Instant until) {
    revoke(dsl -> dsl.insertInto(USER_EPOCHS).set(USER_EPOCHS.USER_ID, userId.value())
        .set(USER_EPOCHS.VALID_AFTER, Db.ts(validAfter)).set(USER_EPOCHS.UNTIL, Db.ts(until))
        .onConflict(USER_EPOCHS.USER_ID).doUpdate()
        .set(USER_EPOCHS.VALID_AFTER, DSL.greatest(USER_EPOCHS.VALID_AFTER, DSL.val(Db.ts(validAfter))))
        .set(USER_EPOCHS.UNTIL, DSL.greatest(USER_EPOCHS.UNTIL, DSL.val(Db.ts(until))))
        .execute());
  }

  @Override
  public boolean isRevoked(Principal principal) {
    return cache.isRevoked(principal, this::query);
  }

  private boolean query(Principal principal) {
    OffsetDateTime now = Db.ts(db.now());
    SessionId sid = principal.sessionId();
    List<Boolean> revoked = db.query(isRevokedSql, row -> row.getBoolean(1) || row.getBoolean(2) || row.getBoolean(3),
        principal.tokenId(), now, sid == null ? NO_SESSION : sid.value(), now, principal.userId().value(), now,
        Db.ts(principal.issuedAt()));
    return !revoked.isEmpty() && revoked.get(0);
  }

  /** One statement, three indexed existence tests: token, session, and the user's epoch. */
  private static String renderIsRevoked(Db db) {
    OffsetDateTime t = Db.ts(Instant.EPOCH);
    return db.render(dsl -> dsl.select(
        DSL.field(DSL.exists(DSL.selectOne().from(REVOKED_TOKENS)
            .where(REVOKED_TOKENS.TOKEN_ID.eq(DSL.val("")).and(REVOKED_TOKENS.UNTIL.gt(DSL.val(t)))))),
        DSL.field(DSL.exists(DSL.selectOne().from(REVOKED_SESSIONS)
            .where(REVOKED_SESSIONS.SESSION_ID.eq(DSL.val(NO_SESSION)).and(REVOKED_SESSIONS.UNTIL.gt(DSL.val(t)))))),
        DSL.field(DSL.exists(DSL.selectOne().from(USER_EPOCHS)
            .where(USER_EPOCHS.USER_ID.eq(DSL.val(NO_SESSION)).and(USER_EPOCHS.UNTIL.gt(DSL.val(t)))
                .and(USER_EPOCHS.VALID_AFTER.gt(DSL.val(t))))))));
  }

  /** Deletes lapsed entries; returns how many. */
  int purgeExpired() {
    OffsetDateTime now = Db.ts(db.now());
    return db.read(dsl -> dsl.deleteFrom(REVOKED_TOKENS).where(REVOKED_TOKENS.UNTIL.le(now)).execute()
        + dsl.deleteFrom(REVOKED_SESSIONS).where(REVOKED_SESSIONS.UNTIL.le(now)).execute()
        + dsl.deleteFrom(USER_EPOCHS).where(USER_EPOCHS.UNTIL.le(now)).execute());
  }
}
