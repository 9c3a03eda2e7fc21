package dev.latchkey.auth.store.redis;

import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.session.Rotation;
import dev.latchkey.auth.core.session.RotationResult;
import dev.latchkey.auth.core.session.Session;
import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.session.SessionStore;
import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.user.UserId;
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
 * revoking touches only that user's keys. Every write is a compare-and-set on the family's generation, so a write that
 * arrives after a logout or a concurrent rotation changes nothing.
 */
final class RedisSessionStore implements SessionStore {
  private static final int MAX_CAS_ATTEMPTS = 100;

  /** KEYS[1] session; ARGV[1] now; ARGV[2] ttl ms; ARGV[3..] field/value pairs. 1 created, 0 a live one exists. */
  private static final String CREATE = """
      local ie = redis.call('HGET', KEYS[1], 'ie')
      if ie and ie > ARGV[1] then return 0 end
      redis.call('DEL', KEYS[1])
      redis.call('HSET', KEYS[1], unpack(ARGV, 3))
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return 1
      """;

  /** KEYS[1] session; ARGV[1] expected generation; ARGV[2] ttl ms ('0' deletes); ARGV[3..] fields. 1 written. */
  private static final String COMPARE_AND_SET = """
      if redis.call('HGET', KEYS[1], 'gen') ~= ARGV[1] then return 0 end
      if ARGV[2] == '0' then redis.call('DEL', KEYS[1]) return 1 end
      redis.call('HSET', KEYS[1], unpack(ARGV, 3))
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return 1
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
    List<String> args = new ArrayList<>(List.of(Redis.time(redis.now()),
        Long.toString(redis.ttlMillis(session.expiresAt()))));
    args.addAll(fields(session));
    Object created = redis.eval(CREATE, List.of(sessionKey(session.id())), args);
    if (!Long.valueOf(1).equals(created)) {
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

  @Override
  public RotationResult rotate(SessionId id, Rotation rotation) {
    for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      Map<String, String> hash = redis.call(c -> c.hgetAll(sessionKey(id)));
      if (hash.isEmpty()) {
        return new RotationResult.Invalid();
      }
      Session current = decode(id, hash);
      if (current.isExpiredAt(redis.now())) {
        return new RotationResult.Invalid();
      }
      RotationResult result = rotation.decide(current);
      List<String> args = new ArrayList<>(List.of(Long.toString(current.generation())));
      switch (result) {
        case RotationResult.Rotated rotated -> {
          args.add(Long.toString(redis.ttlMillis(rotated.session().expiresAt())));
          args.addAll(fields(rotated.session()));
        }
        case RotationResult.Reused reused -> args.add("0");
        case RotationResult.Invalid invalid -> {
          return result;
        }
      }
      if (Long.valueOf(1).equals(redis.eval(COMPARE_AND_SET, List.of(sessionKey(id)), args))) {
        if (result instanceof RotationResult.Reused) {
          redis.call(c -> c.srem(indexKey(current.userId()), id.toString()));
        }
        return result;
      }
    }
    throw new ConflictException("the session kept changing during rotation; try again");
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
}
