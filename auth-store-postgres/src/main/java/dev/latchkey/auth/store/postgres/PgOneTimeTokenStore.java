package dev.latchkey.auth.store.postgres;

import static dev.latchkey.auth.store.postgres.internal.jooq.Tables.ONE_TIME_TOKENS;

import dev.latchkey.auth.core.otp.OneTimeToken;
import dev.latchkey.auth.core.otp.OneTimeTokenStore;
import dev.latchkey.auth.core.otp.TokenPurpose;
import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.store.postgres.internal.jooq.tables.records.OneTimeTokensRecord;
import java.util.Optional;

/** {@link OneTimeTokenStore} over {@code one_time_tokens}; consumption is one atomic {@code DELETE … RETURNING}. */
final class PgOneTimeTokenStore implements OneTimeTokenStore {
  private final Db db;

  PgOneTimeTokenStore(Db db) {
    this.db = db;
  }

  @Override
  public void save(OneTimeToken token) {
    db.tx(dsl -> {
      dsl.deleteFrom(ONE_TIME_TOKENS).where(ONE_TIME_TOKENS.HASH.eq(token.hash().hex())
          .and(ONE_TIME_TOKENS.EXPIRES_AT.le(Db.ts(db.now())))).execute();
      return dsl.insertInto(ONE_TIME_TOKENS)
          .set(ONE_TIME_TOKENS.HASH, token.hash().hex())
          .set(ONE_TIME_TOKENS.PURPOSE, token.purpose().name())
          .set(ONE_TIME_TOKENS.USER_ID, token.userId() == null ? null : token.userId().value())
          .set(ONE_TIME_TOKENS.ATTRIBUTES, FormCodec.encode(token.attributes()))
          .set(ONE_TIME_TOKENS.EXPIRES_AT, Db.ts(token.expiresAt()))
          .execute();
    });
  }

  @Override
  public Optional<OneTimeToken> consume(TokenHash hash, TokenPurpose purpose) {
    return db.read(dsl -> dsl.deleteFrom(ONE_TIME_TOKENS)
        .where(ONE_TIME_TOKENS.HASH.eq(hash.hex()).and(ONE_TIME_TOKENS.PURPOSE.eq(purpose.name()))
            .and(ONE_TIME_TOKENS.EXPIRES_AT.gt(Db.ts(db.now()))))
        .returning().fetchOptional().map(PgOneTimeTokenStore::toToken));
  }

  @Override
  public int deleteByUser(UserId userId, TokenPurpose purpose) {
    return db.read(dsl -> dsl.deleteFrom(ONE_TIME_TOKENS)
        .where(ONE_TIME_TOKENS.USER_ID.eq(userId.value()).and(ONE_TIME_TOKENS.PURPOSE.eq(purpose.name())))
        .execute());
  }

  int purgeExpired() {
    return db.read(dsl -> dsl.deleteFrom(ONE_TIME_TOKENS).where(ONE_TIME_TOKENS.EXPIRES_AT.le(Db.ts(db.now())))
        .execute());
  }

  private static OneTimeToken toToken(OneTimeTokensRecord r) {
    return new OneTimeToken(TokenHash.ofHex(r.getHash()), new TokenPurpose(r.getPurpose()),
        r.getUserId() == null ? null : new UserId(r.getUserId()), FormCodec.decode(r.getAttributes()),
        r.getExpiresAt().toInstant());
  }
}
