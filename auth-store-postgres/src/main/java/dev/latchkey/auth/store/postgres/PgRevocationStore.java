package dev.latchkey.auth.store.postgres;

import static dev.latchkey.auth.store.postgres.internal.jooq.Tables.REVOKED_SESSIONS;
import static dev.latchkey.auth.store.postgres.internal.jooq.Tables.REVOKED_TOKENS;
import static dev.latchkey.auth.store.postgres.internal.jooq.Tables.USER_EPOCHS;

import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.token.RevocationStore;
import dev.latchkey.auth.core.user.UserId;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * {@link RevocationStore} over three small tables. Writes are upserts that only ever extend an entry (values are
 * bound, not taken from {@code excluded}, which jOOQ's schema mapping would qualify); the check is one statement
 * (three indexed existence tests), so a revocation-checked verification costs one round trip.
 */
final class PgRevocationStore implements RevocationStore {
  private final Db db;

  PgRevocationStore(Db db) {
    this.db = db;
  }

  @Override
  public void revokeToken(String tokenId, Instant until) {
    db.read(dsl -> dsl.insertInto(REVOKED_TOKENS).set(REVOKED_TOKENS.TOKEN_ID, tokenId)
        .set(REVOKED_TOKENS.UNTIL, Db.ts(until))
        .onConflict(REVOKED_TOKENS.TOKEN_ID).doUpdate()
        .set(REVOKED_TOKENS.UNTIL, DSL.greatest(REVOKED_TOKENS.UNTIL, DSL.val(Db.ts(until))))
        .execute());
  }

  @Override
  public void revokeSession(SessionId sessionId, Instant until) {
    db.read(dsl -> dsl.insertInto(REVOKED_SESSIONS).set(REVOKED_SESSIONS.SESSION_ID, sessionId.value())
        .set(REVOKED_SESSIONS.UNTIL, Db.ts(until))
        .onConflict(REVOKED_SESSIONS.SESSION_ID).doUpdate()
        .set(REVOKED_SESSIONS.UNTIL, DSL.greatest(REVOKED_SESSIONS.UNTIL, DSL.val(Db.ts(until))))
        .execute());
  }

  @Override
  public void revokeUserBefore(UserId userId, Instant validAfter, Instant until) {
    db.read(dsl -> dsl.insertInto(USER_EPOCHS).set(USER_EPOCHS.USER_ID, userId.value())
        .set(USER_EPOCHS.VALID_AFTER, Db.ts(validAfter)).set(USER_EPOCHS.UNTIL, Db.ts(until))
        .onConflict(USER_EPOCHS.USER_ID).doUpdate()
        .set(USER_EPOCHS.VALID_AFTER, DSL.greatest(USER_EPOCHS.VALID_AFTER, DSL.val(Db.ts(validAfter))))
        .set(USER_EPOCHS.UNTIL, DSL.greatest(USER_EPOCHS.UNTIL, DSL.val(Db.ts(until))))
        .execute());
  }

  @Override
  public boolean isRevoked(Principal principal) {
    OffsetDateTime now = Db.ts(db.now());
    Field<Boolean> token = DSL.field(DSL.exists(DSL.selectOne().from(REVOKED_TOKENS)
        .where(REVOKED_TOKENS.TOKEN_ID.eq(principal.tokenId()).and(REVOKED_TOKENS.UNTIL.gt(now)))));
    Field<Boolean> session = principal.sessionId() == null ? DSL.inline(false)
        : DSL.field(DSL.exists(DSL.selectOne().from(REVOKED_SESSIONS)
            .where(REVOKED_SESSIONS.SESSION_ID.eq(principal.sessionId().value())
                .and(REVOKED_SESSIONS.UNTIL.gt(now)))));
    Field<Boolean> epoch = DSL.field(DSL.exists(DSL.selectOne().from(USER_EPOCHS)
        .where(USER_EPOCHS.USER_ID.eq(principal.userId().value()).and(USER_EPOCHS.UNTIL.gt(now))
            .and(USER_EPOCHS.VALID_AFTER.gt(Db.ts(principal.issuedAt()))))));
    return db.read(dsl -> {
      var row = dsl.select(token, session, epoch).fetchOne();
      return row != null && (row.value1() || row.value2() || row.value3());
    });
  }

  /** Deletes lapsed entries; returns how many. */
  int purgeExpired() {
    OffsetDateTime now = Db.ts(db.now());
    return db.read(dsl -> dsl.deleteFrom(REVOKED_TOKENS).where(REVOKED_TOKENS.UNTIL.le(now)).execute()
        + dsl.deleteFrom(REVOKED_SESSIONS).where(REVOKED_SESSIONS.UNTIL.le(now)).execute()
        + dsl.deleteFrom(USER_EPOCHS).where(USER_EPOCHS.UNTIL.le(now)).execute());
  }
}
