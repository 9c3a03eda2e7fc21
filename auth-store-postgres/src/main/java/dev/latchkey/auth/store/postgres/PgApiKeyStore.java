package dev.latchkey.auth.store.postgres;

import static dev.latchkey.auth.store.postgres.internal.jooq.Tables.API_KEYS;

import dev.latchkey.auth.core.service.ApiKey;
import dev.latchkey.auth.core.service.ApiKeyId;
import dev.latchkey.auth.core.service.ApiKeyStore;
import dev.latchkey.auth.core.service.ServiceId;
import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.store.postgres.internal.jooq.tables.records.ApiKeysRecord;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** {@link ApiKeyStore} over {@code api_keys}; only the SHA-256 of a secret is stored. */
final class PgApiKeyStore implements ApiKeyStore {
  private final Db db;

  PgApiKeyStore(Db db) {
    this.db = db;
  }

  @Override
  public void create(ApiKey key) {
    db.read(dsl -> dsl.insertInto(API_KEYS).set(API_KEYS.ID, key.id().value()).set(API_KEYS.NAME, key.name())
        .set(API_KEYS.SECRET_HASH, key.secretHash().hex()).set(API_KEYS.ROLES, FormCodec.encodeList(key.roles()))
        .set(API_KEYS.SERVICE_ID, key.service() == null ? null : key.service().value())
        .set(API_KEYS.CREATED_AT, Db.ts(key.createdAt())).set(API_KEYS.EXPIRES_AT, Db.tsOrNull(key.expiresAt()))
        .set(API_KEYS.LAST_USED_AT, Db.tsOrNull(key.lastUsedAt())).execute());
  }

  @Override
  public Optional<ApiKey> find(ApiKeyId id) {
    return db.read(dsl -> dsl.selectFrom(API_KEYS).where(API_KEYS.ID.eq(id.value()))
        .fetchOptional(PgApiKeyStore::toKey));
  }

  @Override
  public List<ApiKey> list() {
    return db.read(dsl -> dsl.selectFrom(API_KEYS).orderBy(API_KEYS.CREATED_AT, API_KEYS.ID)
        .fetch(PgApiKeyStore::toKey));
  }

  @Override
  public boolean delete(ApiKeyId id) {
    return db.read(dsl -> dsl.deleteFrom(API_KEYS).where(API_KEYS.ID.eq(id.value())).execute() == 1);
  }

  @Override
  public void touch(ApiKeyId id, Instant at) {
    db.read(dsl -> dsl.update(API_KEYS).set(API_KEYS.LAST_USED_AT, Db.ts(at)).where(API_KEYS.ID.eq(id.value()))
        .execute());
  }

  private static ApiKey toKey(ApiKeysRecord r) {
    return new ApiKey(new ApiKeyId(r.getId()), r.getName(), TokenHash.ofHex(r.getSecretHash()),
        new HashSet<>(FormCodec.decodeList(r.getRoles())),
        r.getServiceId() == null ? null : new ServiceId(r.getServiceId()), r.getCreatedAt().toInstant(),
        Db.instantOrNull(r.getExpiresAt()), Db.instantOrNull(r.getLastUsedAt()));
  }
}
