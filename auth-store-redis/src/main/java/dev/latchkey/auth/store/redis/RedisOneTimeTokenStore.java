package dev.latchkey.auth.store.redis;

import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.otp.OneTimeToken;
import dev.latchkey.auth.core.otp.OneTimeTokenStore;
import dev.latchkey.auth.core.otp.TokenPurpose;
import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.user.UserId;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link OneTimeTokenStore} over Redis: a hash per token (under its own hash tag), consumed by one script that checks
 * the purpose and deletes it, so of concurrent consumers exactly one gets it. A per-user set indexes tokens for
 * {@link #deleteByUser}.
 */
final class RedisOneTimeTokenStore implements OneTimeTokenStore {
  /** KEYS[1]; ARGV[1] purpose. Returns the hash's fields and deletes it, or nothing when the purpose differs. */
  private static final String CONSUME = """
      if redis.call('HGET', KEYS[1], 'purpose') ~= ARGV[1] then return false end
      local fields = redis.call('HGETALL', KEYS[1])
      redis.call('DEL', KEYS[1])
      return fields
      """;

  private final Redis redis;

  RedisOneTimeTokenStore(Redis redis) {
    this.redis = redis;
  }

  private String tokenKey(TokenHash hash) {
    return redis.key("ott:" + hash.hex(), "");
  }

  private String indexKey(UserId user, TokenPurpose purpose) {
    return redis.key(user.toString(), ":ott:" + purpose.name());
  }

  @Override
  public void save(OneTimeToken token) {
    List<String> fields = List.of("purpose", token.purpose().name(),
        "user", token.userId() == null ? "" : token.userId().toString(),
        "attrs", encode(token.attributes()), "exp", Redis.time(token.expiresAt()));
    if (!redis.createUnlessLive(tokenKey(token.hash()), "exp", token.expiresAt(), fields)) {
      throw new ConflictException("a one-time token with this hash exists");
    }
    if (token.userId() != null) {
      redis.indexAdd(indexKey(token.userId(), token.purpose()), token.hash().hex(),
          redis.ttlMillis(token.expiresAt()));
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public Optional<OneTimeToken> consume(TokenHash hash, TokenPurpose purpose) {
    Object result = redis.eval(CONSUME, List.of(tokenKey(hash)), List.of(purpose.name()));
    if (!(result instanceof List<?> flat) || flat.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> f = new LinkedHashMap<>();
    List<Object> items = (List<Object>) flat;
    for (int i = 0; i + 1 < items.size(); i += 2) {
      f.put(String.valueOf(items.get(i)), String.valueOf(items.get(i + 1)));
    }
    OneTimeToken token = new OneTimeToken(hash, purpose, f.get("user").isEmpty() ? null : UserId.parse(f.get("user")),
        decode(f.get("attrs")), Redis.instant(f.get("exp")));
    return token.isExpiredAt(redis.now()) ? Optional.empty() : Optional.of(token);
  }

  @Override
  public int deleteByUser(UserId userId, TokenPurpose purpose) {
    String index = indexKey(userId, purpose);
    Set<String> hashes = redis.call(c -> c.smembers(index));
    int deleted = 0;
    for (String hex : hashes) {
      Object removed = redis.eval(CONSUME, List.of(tokenKey(TokenHash.ofHex(hex))), List.of(purpose.name()));
      if (removed instanceof List<?> l && !l.isEmpty()) {
        deleted++;
      }
    }
    redis.call(c -> c.del(index));
    return deleted;
  }

  private static String encode(Map<String, String> map) {
    StringBuilder out = new StringBuilder();
    map.forEach((k, v) -> out.append(out.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
        .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return out.toString();
  }

  private static Map<String, String> decode(String text) {
    Map<String, String> map = new LinkedHashMap<>();
    if (text == null || text.isEmpty()) {
      return map;
    }
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      map.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return map;
  }
}
