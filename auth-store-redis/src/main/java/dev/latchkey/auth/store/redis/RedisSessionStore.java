package dev.latchkey.auth.store.redis;

import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.session.Rotation;
import dev.latchkey.auth.core.session.RotationResult;
import dev.latchkey.auth.core.session.Session;
import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.session.SessionStore;
import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.user.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@link SessionStore} over Redis. A session is one hash under {@code {sid}} (its refresh-token family; hashes only),
 * written with its TTL in one script; a per-user set under {@code {uid}} indexes the user's sessions so listing or
 * revoking touches only that user's keys. A rotation is one script that reads and writes the family atomically, in one
 * round trip; a rotation that arrives after a logout finds nothing and changes nothing.
 */
final class RedisSessionStore implements SessionStore {

  /**
   * KEYS[1] session; ARGV presented, replacement, now, now+grace, now+idle, history depth (instants as fixed-width
   * epoch nanoseconds). Mirrors {@link Rotation#decide}: returns {'rotated', fields…}, {'reused', fields before
   * deletion…} or {'invalid'}.
   */
  private static final String ROTATE = """
      local h = redis.call('HMGET', KEYS[1], 'rh', 'ph', 'ge', 'sp', 'ie', 'ae', 'gen')
      if not h[1] then return {'invalid'} end
      local presented, now = ARGV[1], ARGV[3]
      if now >= h[5] then return {'invalid'} end
      local ie = ARGV[5]
      if ie > h[6] then ie = h[6] end
      local gen = tostring(tonumber(h[7]) + 1)
      local ttl = math.max(1, math.floor((tonumber(ie) - tonumber(now)) / 1000000) + 1)
      local sp = h[4] or ''
      if presented == h[1] then
        sp = presented .. sp
        local maxLen = tonumber(ARGV[6]) * 64
        if #sp > maxLen then sp = string.sub(sp, 1, maxLen) end
        redis.call('HSET', KEYS[1], 'rh', ARGV[2], 'ph', presented, 'ra', now, 'ge', ARGV[4], 'sp', sp,
          'gen', gen, 'lu', now, 'ie', ie)
        redis.call('PEXPIRE', KEYS[1], ttl)
        local out = redis.call('HGETALL', KEYS[1])
        table.insert(out, 1, 'rotated')
        return out
      end
      local reused = false
      if h[2] and h[2] ~= '' and presented == h[2] then
        if h[3] and now < h[3] then
          redis.call('HSET', KEYS[1], 'rh', ARGV[2], 'gen', gen, 'lu', now, 'ie', ie)
          redis.call('PEXPIRE', KEYS[1], ttl)
          local out = redis.call('HGETALL', KEYS[1])
          table.insert(out, 1, 'rotated')
          return out
        end
        reused = true
      else
        for i = 1, #sp, 64 do
          if string.sub(sp, i, i + 63) == presented then reused = true end
        end
      end
      if not reused then return {'invalid'} end
      local out = redis.call('HGETALL', KEYS[1])
      redis.call('DEL', KEYS[1])
      table.insert(out, 1, 'reused')
      return out
      """;

  /** KEYS[1] session; returns its idle expiry (or false) and deletes it. */
  private static final String DELETE = """
      local ie = redis.call('HGET', KEYS[1], 'ie')
      redis.call('DEL', KEYS[1])
      return ie
      """;

  private final Redis redis;

  RedisSessionStore(Redis redis) {
    this.redis = redis;
  }

  private String sessionKey(SessionId id) {
    return redis.key(id.toString(), ":session");
  }

  private String indexKey(UserId userId) {
    return redis.key(userId.toString(), ":sessions");
  }

  @Override
  public void create(Session session) {
    if (!redis.createUnlessLive(sessionKey(session.id()), "ie", session.expiresAt(), fields(session))) {
      throw new ConflictException("a session with this id exists");
    }
    redis.indexAdd(indexKey(session.userId()), session.id().toString(),
        redis.ttlMillis(session.absoluteExpiresAt()));
  }

  @Override
  public Optional<Session> find(SessionId id) {
    Map<String, String> hash = redis.call(c -> c.hgetAll(sessionKey(id)));
    Session s = hash.isEmpty() ? null : decode(id, hash);
    return s == null || s.isExpiredAt(redis.now()) ? Optional.empty() : Optional.of(s);
  }

  @Override
  public List<Session> listByUser(UserId userId) {
    Set<String> ids = redis.call(c -> c.smembers(indexKey(userId)));
    List<Session> live = new ArrayList<>();
    for (String raw : ids) {
      Optional<Session> s = find(SessionId.parse(raw));
      if (s.isPresent()) {
        live.add(s.get());
      } else {
        redis.call(c -> c.srem(indexKey(userId), raw)); // tidy the index as we go
      }
    }
    live.sort(Comparator.comparing(Session::createdAt).thenComparing(s -> s.id().value()));
    return List.copyOf(live);
  }

  /**
   * One round trip: the script applies the core's rotation rules ({@link Rotation#decide}) to the stored family and
   * writes the outcome atomically. Java passes the instants it derives from the policy (grace end, idle end) so the
   * script only compares fixed-width strings, exactly.
   */
  @Override
  public RotationResult rotate(SessionId id, Rotation rotation) {
    Instant now = rotation.now();
    Object raw = redis.eval(ROTATE, List.of(sessionKey(id)), List.of(rotation.presented().hex(),
        rotation.replacement().hex(), Redis.time(now), Redis.time(now.plus(rotation.policy().reuseGrace())),
        Redis.time(now.plus(rotation.policy().idleTimeout())),
        Integer.toString(rotation.policy().reuseHistory())));
    List<?> reply = (List<?>) raw;
    String status = String.valueOf(reply.get(0));
    if ("invalid".equals(status)) {
      return new RotationResult.Invalid();
    }
    Map<String, String> fields = new HashMap<>();
    for (int i = 1; i + 1 < reply.size(); i += 2) {
      fields.put(String.valueOf(reply.get(i)), String.valueOf(reply.get(i + 1)));
    }
    Session session = decode(id, fields);
    if ("reused".equals(status)) {
      redis.call(c -> c.srem(indexKey(session.userId()), id.toString()));
      return new RotationResult.Reused(session);
    }
    return new RotationResult.Rotated(session);
  }

  @Override
  public boolean delete(SessionId id) {
    Object ie = redis.eval(DELETE, List.of(sessionKey(id)), List.of());
    return ie instanceof String s && Redis.instant(s).isAfter(redis.now());
  }

  @Override
  public List<Session> deleteByUser(UserId userId) {
    List<Session> live = listByUser(userId);
    List<Session> deleted = new ArrayList<>();
    for (Session s : live) {
      if (delete(s.id())) {
        deleted.add(s);
      }
    }
    redis.call(c -> c.del(indexKey(userId)));
    return List.copyOf(deleted);
  }

  private static List<String> fields(Session s) {
    Map<String, String> f = new HashMap<>();
    f.put("uid", s.userId().toString());
    f.put("rh", s.refreshHash().hex());
    f.put("ph", s.previousHash() == null ? "" : s.previousHash().hex());
    f.put("ra", s.rotatedAt() == null ? "" : Redis.time(s.rotatedAt()));
    StringBuilder spent = new StringBuilder();
    s.spentHashes().forEach(h -> spent.append(h.hex()));
    f.put("sp", spent.toString());
    f.put("gen", Long.toString(s.generation()));
    f.put("ca", Redis.time(s.createdAt()));
    f.put("lu", Redis.time(s.lastUsedAt()));
    f.put("ie", Redis.time(s.idleExpiresAt()));
    f.put("ae", Redis.time(s.absoluteExpiresAt()));
    f.put("ua", s.userAgent() == null ? "" : s.userAgent());
    f.put("ip", s.ip() == null ? "" : s.ip());
    List<String> flat = new ArrayList<>();
    f.forEach((k, v) -> {
      flat.add(k);
      flat.add(v);
    });
    return flat;
  }

  private static Session decode(SessionId id, Map<String, String> f) {
    String sp = f.getOrDefault("sp", "");
    List<TokenHash> spent = new ArrayList<>();
    for (int i = 0; i + 64 <= sp.length(); i += 64) {
      spent.add(TokenHash.ofHex(sp.substring(i, i + 64)));
    }
    return new Session(id, UserId.parse(f.get("uid")), TokenHash.ofHex(f.get("rh")),
        blank(f.get("ph")) == null ? null : TokenHash.ofHex(f.get("ph")),
        blank(f.get("ra")) == null ? null : Redis.instant(f.get("ra")), spent, Long.parseLong(f.get("gen")),
        Redis.instant(f.get("ca")), Redis.instant(f.get("lu")), Redis.instant(f.get("ie")),
        Redis.instant(f.get("ae")), blank(f.get("ua")), blank(f.get("ip")));
  }

  private static @Nullable String blank(@Nullable String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  /** Scans the session keys and counts those whose idle expiry (capped by the absolute one) is still ahead. */
  @Override
  public long countLive() {
    String now = Redis.time(redis.now());
    List<String> keys = List.copyOf(redis.scan(redis.keyPattern("", ":session")));
    return redis.fieldsOf(keys, "ie").stream().filter(f -> f.get(0) != null && f.get(0).compareTo(now) > 0).count();
  }
}
