package dev.latchkey.auth.store.postgres;

import static dev.latchkey.auth.store.postgres.internal.jooq.Tables.OAUTH_PROVIDERS;

import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.oauth.OAuthProviderStore;
import dev.latchkey.auth.core.oauth.ProviderType;
import dev.latchkey.auth.store.postgres.internal.jooq.tables.records.OauthProvidersRecord;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** {@link OAuthProviderStore} over {@code oauth_providers}; the client secret column holds ciphertext only. */
final class PgOAuthProviderStore implements OAuthProviderStore {
  private final Db db;

  PgOAuthProviderStore(Db db) {
    this.db = db;
  }

  @Override
  public void create(OAuthProvider p) {
    db.read(dsl -> dsl.insertInto(OAUTH_PROVIDERS).set(OAUTH_PROVIDERS.NAME, p.name())
        .set(OAUTH_PROVIDERS.DISPLAY_NAME, p.displayName()).set(OAUTH_PROVIDERS.TYPE, p.type().name())
        .set(OAUTH_PROVIDERS.CLIENT_ID, p.clientId())
        .set(OAUTH_PROVIDERS.ENCRYPTED_CLIENT_SECRET, p.encryptedClientSecret())
        .set(OAUTH_PROVIDERS.ISSUER, p.issuer()).set(OAUTH_PROVIDERS.SCOPES, FormCodec.encodeList(p.scopes()))
        .set(OAUTH_PROVIDERS.ENABLED, p.enabled())
        .set(OAUTH_PROVIDERS.TRUST_EMAIL_VERIFIED, p.trustEmailVerified()).set(OAUTH_PROVIDERS.IS_LOCAL, p.local())
        .set(OAUTH_PROVIDERS.CREATED_AT, Db.ts(p.createdAt())).execute());
  }

  @Override
  public Optional<OAuthProvider> find(String name) {
    return db.read(dsl -> dsl.selectFrom(OAUTH_PROVIDERS).where(OAUTH_PROVIDERS.NAME.eq(name))
        .fetchOptional(PgOAuthProviderStore::toProvider));
  }

  @Override
  public List<OAuthProvider> list() {
    return db.read(dsl -> dsl.selectFrom(OAUTH_PROVIDERS).orderBy(OAUTH_PROVIDERS.NAME)
        .fetch(PgOAuthProviderStore::toProvider));
  }

  @Override
  public boolean update(OAuthProvider p) {
    return db.read(dsl -> dsl.update(OAUTH_PROVIDERS).set(OAUTH_PROVIDERS.DISPLAY_NAME, p.displayName())
        .set(OAUTH_PROVIDERS.TYPE, p.type().name()).set(OAUTH_PROVIDERS.CLIENT_ID, p.clientId())
        .set(OAUTH_PROVIDERS.ENCRYPTED_CLIENT_SECRET, p.encryptedClientSecret())
        .set(OAUTH_PROVIDERS.ISSUER, p.issuer()).set(OAUTH_PROVIDERS.SCOPES, FormCodec.encodeList(p.scopes()))
        .set(OAUTH_PROVIDERS.ENABLED, p.enabled())
        .set(OAUTH_PROVIDERS.TRUST_EMAIL_VERIFIED, p.trustEmailVerified()).set(OAUTH_PROVIDERS.IS_LOCAL, p.local())
        .where(OAUTH_PROVIDERS.NAME.eq(p.name())).execute() == 1);
  }

  @Override
  public boolean delete(String name) {
    return db.read(dsl -> dsl.deleteFrom(OAUTH_PROVIDERS).where(OAUTH_PROVIDERS.NAME.eq(name)).execute() == 1);
  }

  private static OAuthProvider toProvider(OauthProvidersRecord r) {
    return new OAuthProvider(r.getName(), r.getDisplayName(), ProviderType.valueOf(r.getType()), r.getClientId(),
        r.getEncryptedClientSecret(), r.getIssuer(), new HashSet<>(FormCodec.decodeList(r.getScopes())),
        r.getEnabled(), r.getTrustEmailVerified(), r.getIsLocal(), r.getCreatedAt().toInstant());
  }
}
