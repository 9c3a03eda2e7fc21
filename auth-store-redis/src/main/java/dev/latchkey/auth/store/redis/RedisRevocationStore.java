package dev.latchkey.auth.store.redis;

import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.token.RevocationStore;
import dev.latchkey.auth.core.user.UserId;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link RevocationStore} over Redis. Every revocation of a user lives under the user's hash tag, so the check is one
 * {@code MGET} on one Cluster slot. Values carry their end (judged by the store's clock) and keys a TTL; an entry only
 * ever grows longer (a script compares the fixed-width encodings).
 */
final class RedisRevocationStore implements RevocationStore {
  /** KEYS[1]; ARGV[1] value; ARGV[2] ttl ms; ARGV[3] the value's sort key. Keeps whichever value sorts later. */
  private static final String EXTEND = """
      local cur = redis.call('GET', KEYS[1])
      if cur then
        local curKey = string.sub(cur, -20)
        if curKey >= ARGV[3] then return 0 end
      end
      redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
      return 1
      """;

  /** KEYS[1] epoch key; ARGV[1] validAfter; ARGV[2] until; ARGV[3] ttl ms. Both parts only move forward. */
  private static final String EPOCH = """
      local va, un = ARGV[1], ARGV[2]
      local cur = redis.call('GET', KEYS[1])
      if cur then
        local cva, cun = string.sub(cur, 1, 20), string.sub(cur, 22, 41)
        if cva > va then va = cva end
        if cun > un then un = cun end
      end
      redis.call('SET', KEYS[1], va .. ':' .. un, 'PX', ARGV[3])
      return 1
      """;

  private final Redis redis;

  RedisRevocationStore(Redis redis) {
    this.redis = redis;
  }

  private String tokenKey(UserId user, String tokenId) {
    return redis.key(user.toString(), ":rev:t:" + tokenId);
  }

  private String sessionKey(UserId user, SessionId sid) {
    return redis.key(user.toString(), ":rev:s:" + sid);
  }

  private String epochKey(UserId user) {
    return redis.key(user.toString(), ":rev:epoch");
  }

  @Override
  public void revokeToken(UserId userId, String tokenId, Instant until) {
    String end = Redis.time(until);
    redis.eval(EXTEND, List.of(tokenKey(userId, tokenId)), List.of(end, Long.toString(redis.ttlMillis(until)), end));
  }

  @Override
  public void revokeSession(UserId userId, SessionId sessionId, Instant until) {
    String end = Redis.time(until);
    redis.eval(EXTEND, List.of(sessionKey(userId, sessionId)),
        List.of(end, Long.toString(redis.ttlMillis(until)), end));
  }

  @Override
  public void revokeUserBefore(UserId userId, Instant validAfter, Instant until) {
    redis.eval(EPOCH, List.of(epochKey(userId)),
        List.of(Redis.time(validAfter), Redis.time(until), Long.toString(redis.ttlMillis(until))));
  }

  @Override
  public boolean isRevoked(Principal principal) {
    UserId user = principal.userId();
    SessionId sid = principal.sessionId();
    String sessionKey = sid == null ? redis.key(user.toString(), ":rev:s:none") : sessionKey(user, sid);
    List<String> values = redis.call(c -> c.mget(tokenKey(user, principal.tokenId()), sessionKey, epochKey(user)));
    Instant now = redis.now();
    if (live(values.get(0), now) || live(values.get(1), now)) {
      return true;
    }
    String epoch = values.get(2);
    if (epoch == null) {
      return false;
    }
    Instant validAfter = Redis.instant(epoch.substring(0, 20));
    Instant end = Redis.instant(epoch.substring(21));
    return now.isBefore(end) && principal.issuedAt().isBefore(validAfter);
  }

  private static boolean live(@Nullable String until, Instant now) {
    return until != null && now.isBefore(Redis.instant(until));
  }
}
