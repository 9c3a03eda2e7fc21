package dev.latchkey.auth.store.postgres;

import static dev.latchkey.auth.store.postgres.internal.jooq.Tables.OAUTH_ACCOUNTS;

import dev.latchkey.auth.core.oauth.OAuthAccount;
import dev.latchkey.auth.core.oauth.OAuthAccountStore;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.store.postgres.internal.jooq.tables.records.OauthAccountsRecord;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link OAuthAccountStore} over {@code oauth_accounts}; a unique index on (issuer, subject) decides races. */
final class PgOAuthAccountStore implements OAuthAccountStore {
  private final Db db;

  PgOAuthAccountStore(Db db) {
    this.db = db;
  }

  @Override
  public void link(OAuthAccount a) {
    db.read(dsl -> dsl.insertInto(OAUTH_ACCOUNTS).set(OAUTH_ACCOUNTS.ID, a.id())
        .set(OAUTH_ACCOUNTS.USER_ID, a.userId().value()).set(OAUTH_ACCOUNTS.PROVIDER, a.provider())
        .set(OAUTH_ACCOUNTS.ISSUER, a.issuer()).set(OAUTH_ACCOUNTS.SUBJECT, a.subject())
        .set(OAUTH_ACCOUNTS.EMAIL, a.email()).set(OAUTH_ACCOUNTS.EMAIL_VERIFIED, a.emailVerified())
        .set(OAUTH_ACCOUNTS.LINKED_AT, Db.ts(a.linkedAt())).execute());
  }

  @Override
  public Optional<OAuthAccount> find(String issuer, String subject) {
    return db.read(dsl -> dsl.selectFrom(OAUTH_ACCOUNTS)
        .where(OAUTH_ACCOUNTS.ISSUER.eq(issuer).and(OAUTH_ACCOUNTS.SUBJECT.eq(subject)))
        .fetchOptional(PgOAuthAccountStore::toAccount));
  }

  @Override
  public List<OAuthAccount> listByUser(UserId userId) {
    return db.read(dsl -> dsl.selectFrom(OAUTH_ACCOUNTS).where(OAUTH_ACCOUNTS.USER_ID.eq(userId.value()))
        .orderBy(OAUTH_ACCOUNTS.LINKED_AT, OAUTH_ACCOUNTS.ID).fetch(PgOAuthAccountStore::toAccount));
  }

  @Override
  public boolean unlink(UUID id) {
    return db.read(dsl -> dsl.deleteFrom(OAUTH_ACCOUNTS).where(OAUTH_ACCOUNTS.ID.eq(id)).execute() == 1);
  }

  @Override
  public int deleteByUser(UserId userId) {
    return db.read(dsl -> dsl.deleteFrom(OAUTH_ACCOUNTS).where(OAUTH_ACCOUNTS.USER_ID.eq(userId.value())).execute());
  }

  @Override
  public long countByProvider(String provider) {
    return db.read(dsl -> (long) dsl.fetchCount(OAUTH_ACCOUNTS, OAUTH_ACCOUNTS.PROVIDER.eq(provider)));
  }

  private static OAuthAccount toAccount(OauthAccountsRecord r) {
    return new OAuthAccount(r.getId(), new UserId(r.getUserId()), r.getProvider(), r.getIssuer(), r.getSubject(),
        r.getEmail(), r.getEmailVerified(), r.getLinkedAt().toInstant());
  }
}
