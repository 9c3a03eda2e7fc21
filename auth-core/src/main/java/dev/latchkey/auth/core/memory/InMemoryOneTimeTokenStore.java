package dev.latchkey.auth.core.memory;

import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.otp.OneTimeToken;
import dev.latchkey.auth.core.otp.OneTimeTokenStore;
import dev.latchkey.auth.core.otp.TokenPurpose;
import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.user.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link OneTimeTokenStore} in memory; consumption is an atomic conditional remove. */
public final class InMemoryOneTimeTokenStore implements OneTimeTokenStore {
  private final Clock clock;
  private final Map<TokenHash, OneTimeToken> tokens = new ConcurrentHashMap<>();
  private final Sweeper sweeper = new Sweeper();

  /** Creates an empty store judging expiry by {@code clock}. */
  public InMemoryOneTimeTokenStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void save(OneTimeToken token) {
    Instant now = clock.instant();
    if (sweeper.due(now)) {
      tokens.values().removeIf(t -> t.isExpiredAt(now));
    }
    boolean[] stored = {false};
    tokens.compute(token.hash(), (h, old) -> {
      if (old == null || old.isExpiredAt(now)) {
        stored[0] = true;
        return token;
      }
      return old;
    });
    if (!stored[0]) {
      throw new ConflictException("a one-time token with this hash exists");
    }
  }

  @Override
  public Optional<OneTimeToken> consume(TokenHash hash, TokenPurpose purpose) {
    Instant now = clock.instant();
    OneTimeToken[] taken = {null};
    tokens.computeIfPresent(hash, (h, t) -> {
      if (t.isExpiredAt(now)) {
        return null;
      }
      if (!t.purpose().equals(purpose)) {
        return t;
      }
      taken[0] = t;
      return null;
    });
    return Optional.ofNullable(taken[0]);
  }

  @Override
  public int deleteByUser(UserId userId, TokenPurpose purpose) {
    int[] count = {0};
    tokens.values().removeIf(t -> {
      boolean match = userId.equals(t.userId()) && purpose.equals(t.purpose());
      if (match) {
        count[0]++;
      }
      return match;
    });
    return count[0];
  }
}
