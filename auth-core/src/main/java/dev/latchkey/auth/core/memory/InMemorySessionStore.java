package dev.latchkey.auth.core.memory;

import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.session.Rotation;
import dev.latchkey.auth.core.session.RotationResult;
import dev.latchkey.auth.core.session.Session;
import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.session.SessionStore;
import dev.latchkey.auth.core.user.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link SessionStore} in memory. Each rotation runs inside {@link ConcurrentHashMap#compute}, so it is atomic per
 * session; expired sessions are invisible at once and swept out periodically.
 */
public final class InMemorySessionStore implements SessionStore {
  private final Clock clock;
  private final Map<SessionId, Session> sessions = new ConcurrentHashMap<>();
  private final Map<UserId, Set<SessionId>> byUser = new ConcurrentHashMap<>();
  private final Sweeper sweeper = new Sweeper();

  /** Creates an empty store judging expiry by {@code clock}. */
  public InMemorySessionStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void create(Session session) {
    Instant now = clock.instant();
    sweep(now);
    boolean[] created = {false};
    sessions.compute(session.id(), (id, existing) -> {
      if (existing != null && !existing.isExpiredAt(now)) {
        return existing;
      }
      created[0] = true;
      return session;
    });
    if (!created[0]) {
      throw new ConflictException("a session with this id exists");
    }
    byUser.compute(session.userId(), (u, ids) -> {
      Set<SessionId> set = ids == null ? ConcurrentHashMap.newKeySet() : ids;
      set.add(session.id());
      return set;
    });
  }

  @Override
  public Optional<Session> find(SessionId id) {
    Session s = sessions.get(id);
    return s == null || s.isExpiredAt(clock.instant()) ? Optional.empty() : Optional.of(s);
  }

  @Override
  public List<Session> listByUser(UserId userId) {
    Set<SessionId> ids = byUser.get(userId);
    if (ids == null) {
      return List.of();
    }
    List<Session> live = new ArrayList<>();
    for (SessionId id : ids) {
      find(id).ifPresent(live::add);
    }
    live.sort(Comparator.comparing(Session::createdAt).thenComparing(s -> s.id().value()));
    return List.copyOf(live);
  }

  @Override
  public RotationResult rotate(SessionId id, Rotation rotation) {
    Instant now = clock.instant();
    RotationResult[] result = {new RotationResult.Invalid()};
    sessions.computeIfPresent(id, (key, current) -> {
      if (current.isExpiredAt(now)) {
        return null;
      }
      RotationResult decided = rotation.decide(current);
      result[0] = decided;
      return switch (decided) {
        case RotationResult.Rotated rotated -> rotated.session();
        case RotationResult.Reused reused -> null;
        case RotationResult.Invalid invalid -> current;
      };
    });
    if (result[0] instanceof RotationResult.Reused reused) {
      unindex(reused.session());
    }
    return result[0];
  }

  @Override
  public boolean delete(SessionId id) {
    Session removed = sessions.remove(id);
    if (removed == null) {
      return false;
    }
    unindex(removed);
    return !removed.isExpiredAt(clock.instant());
  }

  @Override
  public List<Session> deleteByUser(UserId userId) {
    Set<SessionId> ids = byUser.remove(userId);
    if (ids == null) {
      return List.of();
    }
    Instant now = clock.instant();
    List<Session> deleted = new ArrayList<>();
    for (SessionId id : ids) {
      Session removed = sessions.remove(id);
      if (removed != null && !removed.isExpiredAt(now)) {
        deleted.add(removed);
      }
    }
    return List.copyOf(deleted);
  }

  private void unindex(Session session) {
    byUser.computeIfPresent(session.userId(), (u, ids) -> {
      ids.remove(session.id());
      return ids.isEmpty() ? null : ids;
    });
  }

  private void sweep(Instant now) {
    if (sweeper.due(now)) {
      sessions.values().removeIf(s -> {
        if (s.isExpiredAt(now)) {
          unindex(s);
          return true;
        }
        return false;
      });
    }
  }

  @Override
  public long countLive() {
    Instant now = clock.instant();
    return sessions.values().stream().filter(s -> !s.isExpiredAt(now)).count();
  }
}
