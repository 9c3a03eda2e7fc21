package dev.latchkey.auth.store.postgres;

import static dev.latchkey.auth.store.postgres.internal.jooq.Tables.SESSIONS;

import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.session.Rotation;
import dev.latchkey.auth.core.session.RotationResult;
import dev.latchkey.auth.core.session.Session;
import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.session.SessionStore;
import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.store.postgres.internal.jooq.tables.records.SessionsRecord;
import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.jooq.DSLContext;

/**
 * {@link SessionStore} over the {@code sessions} table. Only token hashes are stored; spent hashes are packed into one
 * {@code bytea} of 32-byte digests. Rotation is a compare-and-set on the family's generation (see {@link #rotate}),
 * run as statements jOOQ rendered once (the hot path of every refresh).
 */
final class PgSessionStore implements SessionStore {
  private static final int MAX_CAS_ATTEMPTS = 100;
  private final Db db;
  private final String selectSql;
  private final String rotateSql;
  private final String deleteSql;

  PgSessionStore(Db db) {
    this.db = db;
    UUID id = new UUID(0, 0);
    OffsetDateTime t = Db.ts(Instant.EPOCH);
    byte[] b = new byte[0];
    this.selectSql = db.render(dsl -> dsl.selectFrom(SESSIONS).where(SESSIONS.ID.eq(DSL.val(id))));
    this.rotateSql = db.render(dsl -> dsl.update(SESSIONS)
        .set(SESSIONS.REFRESH_HASH, DSL.val(b)).set(SESSIONS.PREVIOUS_HASH, DSL.val(b))
        .set(SESSIONS.ROTATED_AT, DSL.val(t)).set(SESSIONS.SPENT_HASHES, DSL.val(b))
        .set(SESSIONS.GENERATION, DSL.val(0L)).set(SESSIONS.LAST_USED_AT, DSL.val(t))
        .set(SESSIONS.IDLE_EXPIRES_AT, DSL.val(t))
        .where(SESSIONS.ID.eq(DSL.val(id)).and(SESSIONS.GENERATION.eq(DSL.val(0L)))));
    this.deleteSql = db.render(dsl -> dsl.deleteFrom(SESSIONS)
        .where(SESSIONS.ID.eq(DSL.val(id)).and(SESSIONS.GENERATION.eq(DSL.val(0L)))));
  }

  @Override
  public void create(Session session) {
    db.tx(dsl -> {
      // An expired session's id may be reused; a live one is a conflict (unique violation below).
      dsl.deleteFrom(SESSIONS).where(SESSIONS.ID.eq(session.id().value())
          .and(SESSIONS.IDLE_EXPIRES_AT.le(Db.ts(db.now())))).execute();
      return dsl.executeInsert(toRecord(dsl, session));
    });
  }

  @Override
  public Optional<Session> find(SessionId id) {
    return db.read(dsl -> dsl.selectFrom(SESSIONS)
        .where(SESSIONS.ID.eq(id.value()).and(SESSIONS.IDLE_EXPIRES_AT.gt(Db.ts(db.now()))))
        .fetchOptional(PgSessionStore::toSession));
  }

  @Override
  public List<Session> listByUser(UserId userId) {
    return db.read(dsl -> dsl.selectFrom(SESSIONS)
        .where(SESSIONS.USER_ID.eq(userId.value()).and(SESSIONS.IDLE_EXPIRES_AT.gt(Db.ts(db.now()))))
        .orderBy(SESSIONS.CREATED_AT, SESSIONS.ID)
        .fetch(PgSessionStore::toSession));
  }

  /**
   * Optimistic rotation in two round trips: read the session, decide with the core's rules, then write or delete
   * only if the generation is still the one read (compare-and-set). A lost race re-reads and decides again, so
   * concurrent rotations serialise exactly as with a lock, and a late write can never resurrect a deleted session.
   */
  @Override
  public RotationResult rotate(SessionId id, Rotation rotation) {
    for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      List<Session> stored = db.query(selectSql, PgSessionStore::fromRow, id.value());
      if (stored.isEmpty() || stored.get(0).isExpiredAt(db.now())) {
        return new RotationResult.Invalid();
      }
      Session current = stored.get(0);
      RotationResult result = rotation.decide(current);
      int written = switch (result) {
        case RotationResult.Rotated rotated -> {
          Session n = rotated.session();
          yield db.update(rotateSql, n.refreshHash().bytes(), bytesOrNull(n.previousHash()), Db.tsOrNull(n.rotatedAt()),
              pack(n.spentHashes()), n.generation(), Db.ts(n.lastUsedAt()), Db.ts(n.idleExpiresAt()), id.value(),
              current.generation());
        }
        case RotationResult.Reused reused -> db.update(deleteSql, id.value(), current.generation());
        case RotationResult.Invalid invalid -> 1;
      };
      if (written == 1) {
        return result;
      }
    }
    throw new ConflictException("the session kept changing during rotation; try again");
  }

  private static byte @Nullable [] bytesOrNull(@Nullable TokenHash hash) {
    return hash == null ? null : hash.bytes();
  }

  private static Session fromRow(ResultSet row) throws SQLException {
    byte[] previous = row.getBytes("previous_hash");
    OffsetDateTime rotatedAt = row.getObject("rotated_at", OffsetDateTime.class);
    return new Session(new SessionId(row.getObject("id", UUID.class)), new UserId(row.getObject("user_id", UUID.class)),
        TokenHash.ofBytes(row.getBytes("refresh_hash")), previous == null ? null : TokenHash.ofBytes(previous),
        Db.instantOrNull(rotatedAt), unpack(row.getBytes("spent_hashes")), row.getLong("generation"),
        row.getObject("created_at", OffsetDateTime.class).toInstant(),
        row.getObject("last_used_at", OffsetDateTime.class).toInstant(),
        row.getObject("idle_expires_at", OffsetDateTime.class).toInstant(),
        row.getObject("absolute_expires_at", OffsetDateTime.class).toInstant(), row.getString("user_agent"),
        row.getString("ip"));
  }

  @Override
  public boolean delete(SessionId id) {
    Instant now = db.now();
    return db.read(dsl -> dsl.deleteFrom(SESSIONS).where(SESSIONS.ID.eq(id.value()))
        .returning(SESSIONS.IDLE_EXPIRES_AT).fetchOptional()
        .map(r -> r.getIdleExpiresAt().toInstant().isAfter(now)).orElse(false));
  }

  @Override
  public List<Session> deleteByUser(UserId userId) {
    Instant now = db.now();
    return db.read(dsl -> dsl.deleteFrom(SESSIONS).where(SESSIONS.USER_ID.eq(userId.value()))
        .returning().fetch().stream().map(PgSessionStore::toSession).filter(s -> !s.isExpiredAt(now)).toList());
  }

  @Override
  public long countLive() {
    return db.read(dsl -> (long) dsl.fetchCount(SESSIONS, SESSIONS.IDLE_EXPIRES_AT.gt(Db.ts(db.now()))
        .and(SESSIONS.ABSOLUTE_EXPIRES_AT.gt(Db.ts(db.now())))));
  }

  /** Deletes expired sessions; returns how many. */
  int purgeExpired() {
    return db.read(dsl -> dsl.deleteFrom(SESSIONS).where(SESSIONS.IDLE_EXPIRES_AT.le(Db.ts(db.now()))).execute());
  }

  private static SessionsRecord toRecord(DSLContext dsl, Session s) {
    SessionsRecord r = dsl.newRecord(SESSIONS);
    r.setId(s.id().value());
    r.setUserId(s.userId().value());
    r.setRefreshHash(s.refreshHash().bytes());
    r.setPreviousHash(s.previousHash() == null ? null : s.previousHash().bytes());
    r.setRotatedAt(Db.tsOrNull(s.rotatedAt()));
    r.setSpentHashes(pack(s.spentHashes()));
    r.setGeneration(s.generation());
    r.setCreatedAt(Db.ts(s.createdAt()));
    r.setLastUsedAt(Db.ts(s.lastUsedAt()));
    r.setIdleExpiresAt(Db.ts(s.idleExpiresAt()));
    r.setAbsoluteExpiresAt(Db.ts(s.absoluteExpiresAt()));
    r.setUserAgent(s.userAgent());
    r.setIp(s.ip());
    return r;
  }

  private static Session toSession(SessionsRecord r) {
    byte[] previous = r.getPreviousHash();
    return new Session(new SessionId(r.getId()), new UserId(r.getUserId()), TokenHash.ofBytes(r.getRefreshHash()),
        previous == null ? null : TokenHash.ofBytes(previous), Db.instantOrNull(r.getRotatedAt()),
        unpack(r.getSpentHashes()), r.getGeneration(), r.getCreatedAt().toInstant(), r.getLastUsedAt().toInstant(),
        r.getIdleExpiresAt().toInstant(), r.getAbsoluteExpiresAt().toInstant(), r.getUserAgent(), r.getIp());
  }

  private static byte[] pack(List<TokenHash> hashes) {
    ByteBuffer buffer = ByteBuffer.allocate(hashes.size() * 32);
    hashes.forEach(h -> buffer.put(h.bytes()));
    return buffer.array();
  }

  private static List<TokenHash> unpack(byte[] packed) {
    List<TokenHash> hashes = new ArrayList<>(packed.length / 32);
    for (int i = 0; i + 32 <= packed.length; i += 32) {
      byte[] one = new byte[32];
      System.arraycopy(packed, i, one, 0, 32);
      hashes.add(TokenHash.ofBytes(one));
    }
    return hashes;
  }
}
