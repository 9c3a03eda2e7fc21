package dev.latchkey.auth.store.postgres;

import static dev.latchkey.auth.store.postgres.internal.jooq.Tables.SIGNING_KEYS;

import dev.latchkey.auth.core.token.SigningAlgorithm;
import dev.latchkey.auth.core.token.SigningKeyStore;
import dev.latchkey.auth.core.token.StoredSigningKey;
import dev.latchkey.auth.store.postgres.internal.jooq.tables.records.SigningKeysRecord;
import java.util.List;

/**
 * {@link SigningKeyStore} over {@code signing_keys}. The private JWKs are credentials: restrict the schema to the
 * service's database role.
 */
final class PgSigningKeyStore implements SigningKeyStore {
  private final Db db;

  PgSigningKeyStore(Db db) {
    this.db = db;
  }

  @Override
  public List<StoredSigningKey> loadAll() {
    return db.read(dsl -> dsl.selectFrom(SIGNING_KEYS).fetch(PgSigningKeyStore::toKey));
  }

  @Override
  public void save(StoredSigningKey key) {
    db.read(dsl -> dsl.insertInto(SIGNING_KEYS).set(SIGNING_KEYS.KEY_ID, key.keyId())
        .set(SIGNING_KEYS.ALGORITHM, key.algorithm().name()).set(SIGNING_KEYS.JWK, key.jwkJson())
        .set(SIGNING_KEYS.CREATED_AT, Db.ts(key.createdAt())).set(SIGNING_KEYS.ACTIVATES_AT, Db.ts(key.activatesAt()))
        .set(SIGNING_KEYS.RETIRES_AT, Db.tsOrNull(key.retiresAt()))
        .onConflict(SIGNING_KEYS.KEY_ID).doUpdate()
        .set(SIGNING_KEYS.ACTIVATES_AT, Db.ts(key.activatesAt()))
        .set(SIGNING_KEYS.RETIRES_AT, Db.tsOrNull(key.retiresAt()))
        .execute());
  }

  @Override
  public boolean delete(String keyId) {
    return db.read(dsl -> dsl.deleteFrom(SIGNING_KEYS).where(SIGNING_KEYS.KEY_ID.eq(keyId)).execute() == 1);
  }

  private static StoredSigningKey toKey(SigningKeysRecord r) {
    return new StoredSigningKey(r.getKeyId(), SigningAlgorithm.valueOf(r.getAlgorithm()), r.getJwk(),
        r.getCreatedAt().toInstant(), r.getActivatesAt().toInstant(), Db.instantOrNull(r.getRetiresAt()));
  }
}
