package dev.latchkey.auth.store.postgres;

import static dev.latchkey.auth.store.postgres.internal.jooq.Tables.EVENTS;

import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventLog;
import dev.latchkey.auth.core.event.EventQuery;
import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.store.postgres.internal.jooq.tables.records.EventsRecord;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/** {@link EventLog} over {@code events}, newest first by time then insertion order. */
final class PgEventLog implements EventLog {
  private final Db db;
  private final String appendSql;

  PgEventLog(Db db) {
    this.db = db;
    UUID id = new UUID(0, 0);
    this.appendSql = db.render(dsl -> dsl.insertInto(EVENTS).set(EVENTS.TYPE, DSL.val("")).set(EVENTS.AT,
        DSL.val(Db.ts(Instant.EPOCH))).set(EVENTS.USER_ID, DSL.val(id)).set(EVENTS.SESSION_ID, DSL.val(id))
        .set(EVENTS.IP, DSL.val("")).set(EVENTS.DETAILS, DSL.val("")));
  }

  @Override
  public void append(AuthEvent e) {
    // On every login and refresh: rendered once, run as plain prepared SQL.
    db.update(appendSql, e.type().name(), Db.ts(e.at()), e.userId() == null ? null : e.userId().value(),
        e.sessionId() == null ? null : e.sessionId().value(), e.ip(), FormCodec.encode(e.details()));
  }

  @Override
  public List<AuthEvent> query(EventQuery query) {
    Condition where = DSL.noCondition();
    if (query.userId() != null) {
      where = where.and(EVENTS.USER_ID.eq(query.userId().value()));
    }
    if (query.type() != null) {
      where = where.and(EVENTS.TYPE.eq(query.type().name()));
    }
    Condition filter = where;
    return db.read(dsl -> dsl.selectFrom(EVENTS).where(filter).orderBy(EVENTS.AT.desc(), EVENTS.ID.desc())
        .limit(query.limit()).fetch(PgEventLog::toEvent));
  }

  @Override
  public long count(AuthEventType type, Instant since) {
    return db.read(dsl -> (long) dsl.fetchCount(EVENTS, EVENTS.TYPE.eq(type.name()).and(EVENTS.AT.ge(Db.ts(since)))));
  }

  private static AuthEvent toEvent(EventsRecord r) {
    return new AuthEvent(AuthEventType.valueOf(r.getType()), r.getAt().toInstant(),
        r.getUserId() == null ? null : new UserId(r.getUserId()),
        r.getSessionId() == null ? null : new SessionId(r.getSessionId()), r.getIp(), FormCodec.decode(r.getDetails()));
  }
}
