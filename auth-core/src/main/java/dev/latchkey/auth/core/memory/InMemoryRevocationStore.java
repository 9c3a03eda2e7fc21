package dev.latchkey.auth.core.memory;

import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.token.RevocationStore;
import dev.latchkey.auth.core.user.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** {@link RevocationStore} in memory: three maps of entries that expire by the clock and are swept periodically. */
public final class InMemoryRevocationStore implements RevocationStore {
  private final Clock clock;
  private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
  private final Map<SessionId, Instant> sessions = new ConcurrentHashMap<>();
  private final Map<UserId, Epoch> users = new ConcurrentHashMap<>();
  private final Sweeper sweeper = new Sweeper();

  /** Creates an empty store judging expiry by {@code clock}. */
  public InMemoryRevocationStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void revokeToken(UserId userId, String tokenId, Instant until) {
    sweep();
    tokens.merge(tokenId, until, InMemoryRevocationStore::later);
  }

  @Override
  public void revokeSession(UserId userId, SessionId sessionId, Instant until) {
    sweep();
    sessions.merge(sessionId, until, InMemoryRevocationStore::later);
  }

  @Override
  public void revokeUserBefore(UserId userId, Instant validAfter, Instant until) {
    sweep();
    users.merge(userId, new Epoch(validAfter, until),
        (a, b) -> new Epoch(later(a.validAfter, b.validAfter), later(a.until, b.until)));
  }

  @Override
  public boolean isRevoked(Principal principal) {
    Instant now = clock.instant();
    if (live(tokens.get(principal.tokenId()), now)) {
      return true;
    }
    SessionId sid = principal.sessionId();
    if (sid != null && live(sessions.get(sid), now)) {
      return true;
    }
    Epoch epoch = users.get(principal.userId());
    return epoch != null && now.isBefore(epoch.until) && principal.issuedAt().isBefore(epoch.validAfter);
  }

  private static boolean live(@Nullable Instant until, Instant now) {
    return until != null && now.isBefore(until);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private void sweep() {
    Instant now = clock.instant();
    if (sweeper.due(now)) {
      tokens.values().removeIf(until -> !now.isBefore(until));
      sessions.values().removeIf(until -> !now.isBefore(until));
      users.values().removeIf(e -> !now.isBefore(e.until));
    }
  }

  private record Epoch(Instant validAfter, Instant until) {}
}
