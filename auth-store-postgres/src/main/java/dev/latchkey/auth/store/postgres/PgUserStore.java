package dev.latchkey.auth.store.postgres;

import static dev.latchkey.auth.store.postgres.internal.jooq.Tables.USERS;

import dev.latchkey.auth.core.LastAdminException;
import dev.latchkey.auth.core.user.Identifiers;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserDirectory;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.core.user.UserPage;
import dev.latchkey.auth.core.user.UserQuery;
import dev.latchkey.auth.core.user.UserStore;
import dev.latchkey.auth.store.postgres.internal.jooq.tables.records.UsersRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** {@link UserStore} and {@link UserDirectory} over the {@code users} table. */
final class PgUserStore implements UserStore, UserDirectory {
  private final Db db;
  private final String findByIdSql;
  private final String channel;
  private final ProfileCache profiles;

  PgUserStore(Db db, String channel, ProfileCache profiles) {
    this.db = db;
    this.channel = channel;
    this.profiles = profiles;
    this.findByIdSql = db.render(dsl -> dsl.selectFrom(USERS).where(USERS.ID.eq(DSL.val(new UUID(0, 0)))));
  }

  @Override
  public void create(User user) {
    db.read(dsl -> dsl.executeInsert(toRecord(dsl, user)));
  }

  @Override
  public Optional<User> findById(UserId id) {
    // On every refresh: a statement rendered once and run as plain prepared SQL.
    return db.query(findByIdSql, PgUserStore::fromRow, id.value()).stream().findFirst();
  }

  /** From memory while the change feed listens (see {@link ProfileCache}), else as {@link #findById}. */
  @Override
  public Optional<User> findProfile(UserId id) {
    return profiles.find(id, this::findById);
  }

  private static User fromRow(ResultSet row) throws SQLException {
    return new User(new UserId(row.getObject("id", UUID.class)), row.getString("username"),
        row.getString("email"), row.getBoolean("email_verified"), row.getString("name"), row.getString("phone"),
        row.getBoolean("active"), row.getBoolean("admin"), row.getString("password_hash"),
        row.getBoolean("password_change_required"), row.getObject("created_at", OffsetDateTime.class).toInstant(),
        Db.instantOrNull(row.getObject("last_login_at", OffsetDateTime.class)), row.getLong("version"));
  }

  @Override
  public Optional<User> findByUsername(String username) {
    String key = Identifiers.normalize(username);
    return db.read(dsl -> dsl.selectFrom(USERS).where(USERS.USERNAME_KEY.eq(key)).fetchOptional(PgUserStore::toUser));
  }

  @Override
  public Optional<User> findByEmail(String email) {
    String key = Identifiers.normalize(email);
    return db.read(dsl -> dsl.selectFrom(USERS).where(USERS.EMAIL_KEY.eq(key)).fetchOptional(PgUserStore::toUser));
  }

  @Override
  public boolean update(User user, long expectedVersion) {
    boolean updated = db.tx(dsl -> {
      if (!(user.admin() && user.active())) { // otherwise it cannot remove an admin
        UsersRecord stored = dsl.selectFrom(USERS).where(USERS.ID.eq(user.id().value())).fetchOne();
        if (stored == null || stored.getVersion() != expectedVersion) {
          return false;
        }
        if (isActiveAdmin(stored)) {
          guardLastAdmin(dsl, user.id());
        }
      }
      return conditionalUpdate(dsl, user, expectedVersion) && Db.notify(dsl, channel, changeOf(user.id()));
    });
    if (updated) {
      profiles.changed(user.id());
    }
    return updated;
  }

  /** The change-feed payload naming a changed user. */
  private static String changeOf(UserId id) {
    return ChangeFeed.USER_PREFIX + id;
  }

  @Override
  public boolean delete(UserId id) {
    boolean deleted = db.tx(dsl -> {
      UsersRecord stored = dsl.selectFrom(USERS).where(USERS.ID.eq(id.value())).fetchOne();
      if (stored == null) {
        return false;
      }
      if (isActiveAdmin(stored)) {
        guardLastAdmin(dsl, id);
      }
      return dsl.deleteFrom(USERS).where(USERS.ID.eq(id.value())).execute() == 1
          && Db.notify(dsl, channel, changeOf(id));
    });
    if (deleted) {
      profiles.changed(id);
    }
    return deleted;
  }

  private static boolean conditionalUpdate(DSLContext dsl, User user, long expectedVersion) {
    UsersRecord next = toRecord(dsl, user);
    next.changed(USERS.ID, false);
    return dsl.executeUpdate(next, USERS.ID.eq(user.id().value()).and(USERS.VERSION.eq(expectedVersion))) == 1;
  }

  @Override
  public UserPage search(UserQuery query) {
    String text = query.text() == null ? "" : Identifiers.normalize(query.text());
    Condition match = text.isEmpty() ? DSL.noCondition()
        : DSL.position(USERS.USERNAME_KEY, DSL.val(text)).gt(0).or(DSL.position(USERS.EMAIL_KEY, DSL.val(text)).gt(0));
    return db.read(dsl -> {
      long total = dsl.fetchCount(USERS, match);
      var items = dsl.selectFrom(USERS).where(match).orderBy(USERS.CREATED_AT, USERS.ID)
          .limit(query.size()).offset(query.offset()).fetch(PgUserStore::toUser);
      return new UserPage(items, query.page(), query.size(), total);
    });
  }

  @Override
  public long countUsers() {
    return db.read(dsl -> (long) dsl.fetchCount(USERS));
  }

  @Override
  public long countLoggedInSince(Instant since) {
    return db.read(dsl -> (long) dsl.fetchCount(USERS, USERS.LAST_LOGIN_AT.ge(Db.ts(since))));
  }

  @Override
  public long countActiveAdmins() {
    return db.read(dsl -> (long) dsl.fetchCount(USERS, USERS.ADMIN.isTrue().and(USERS.ACTIVE.isTrue())));
  }

  /**
   * Locks every active admin row, in id order so that concurrent guards cannot deadlock, and refuses when the user
   * being changed is the only one. Under READ COMMITTED a waiter re-checks locked rows after the holder commits, so
   * two admins demoting each other at once see each other's change.
   */
  private static void guardLastAdmin(DSLContext dsl, UserId changing) {
    var admins = dsl.select(USERS.ID).from(USERS).where(USERS.ADMIN.isTrue().and(USERS.ACTIVE.isTrue()))
        .orderBy(USERS.ID).forUpdate().fetch(USERS.ID);
    if (admins.contains(changing.value()) && admins.size() <= 1) {
      throw new LastAdminException();
    }
  }

  private static boolean isActiveAdmin(UsersRecord r) {
    return r.getAdmin() && r.getActive();
  }

  private static UsersRecord toRecord(DSLContext dsl, User u) {
    UsersRecord r = dsl.newRecord(USERS);
    r.setId(u.id().value());
    r.setUsername(u.username());
    r.setUsernameKey(Identifiers.normalize(u.username()));
    r.setEmail(u.email());
    r.setEmailKey(u.email() == null ? null : Identifiers.normalize(u.email()));
    r.setEmailVerified(u.emailVerified());
    r.setName(u.name());
    r.setPhone(u.phone());
    r.setActive(u.active());
    r.setAdmin(u.admin());
    r.setPasswordHash(u.passwordHash());
    r.setPasswordChangeRequired(u.passwordChangeRequired());
    r.setCreatedAt(Db.ts(u.createdAt()));
    r.setLastLoginAt(Db.tsOrNull(u.lastLoginAt()));
    r.setVersion(u.version());
    return r;
  }

  private static User toUser(UsersRecord r) {
    return new User(new UserId(r.getId()), r.getUsername(), r.getEmail(), r.getEmailVerified(), r.getName(),
        r.getPhone(), r.getActive(), r.getAdmin(), r.getPasswordHash(), r.getPasswordChangeRequired(), r.getCreatedAt().toInstant(),
        Db.instantOrNull(r.getLastLoginAt()), r.getVersion());
  }
}
