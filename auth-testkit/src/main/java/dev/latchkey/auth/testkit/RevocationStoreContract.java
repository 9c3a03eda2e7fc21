package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.token.RevocationStore;
import dev.latchkey.auth.core.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RevocationStore} must show. Extend it and return a fresh, empty store from
 * {@link #createStore(MutableClock)}.
 */
public abstract class RevocationStoreContract extends StoreContract<RevocationStore> {
  private final UserId alice = UserId.random();
  private int counter;

  private Principal token(UserId user, SessionId session, Instant issuedAt) {
    return new Principal(user, "alice", session, "jti-" + (counter++), Set.of(), issuedAt,
        issuedAt.plus(Duration.ofMinutes(15)));
  }

  private Instant until() {
    return clock.instant().plus(Duration.ofMinutes(15));
  }

  @Nested
  @DisplayName("single tokens")
  class Tokens {
    @Test
    @DisplayName("a token is not revoked until it is, and then only that token is")
    void revokeOneToken() {
      Principal a = token(alice, SessionId.random(), clock.instant());
      Principal b = token(alice, SessionId.random(), clock.instant());
      assertThat(store.isRevoked(a)).isFalse();
      store.revokeToken(a.userId(), a.tokenId(), until());
      assertThat(store.isRevoked(a)).isTrue();
      assertThat(store.isRevoked(b)).isFalse();
    }

    @Test
    @DisplayName("revoking twice is harmless")
    void idempotent() {
      Principal a = token(alice, SessionId.random(), clock.instant());
      store.revokeToken(a.userId(), a.tokenId(), until());
      store.revokeToken(a.userId(), a.tokenId(), until());
      assertThat(store.isRevoked(a)).isTrue();
    }

    @Test
    @DisplayName("a revocation holds one nanosecond before its end and may lapse at it")
    void expiryBoundary() {
      Principal a = token(alice, SessionId.random(), clock.instant());
      Instant end = until();
      store.revokeToken(a.userId(), a.tokenId(), end);
      clock.set(end.minusNanos(1));
      assertThat(store.isRevoked(a)).isTrue();
      clock.set(end);
      assertThat(store.isRevoked(a)).isFalse();
    }

    @Test
    @DisplayName("a shorter second revocation does not cut the first one short")
    void neverShortened() {
      Principal a = token(alice, SessionId.random(), clock.instant());
      store.revokeToken(a.userId(), a.tokenId(), clock.instant().plus(Duration.ofMinutes(10)));
      store.revokeToken(a.userId(), a.tokenId(), clock.instant().plus(Duration.ofMinutes(1)));
      clock.advance(Duration.ofMinutes(5));
      assertThat(store.isRevoked(a)).isTrue();
    }
  }

  @Nested
  @DisplayName("sessions")
  class Sessions {
    @Test
    @DisplayName("revoking a session revokes every token of it and no other")
    void revokeSession() {
      SessionId sid = SessionId.random();
      Principal a = token(alice, sid, clock.instant());
      Principal b = token(alice, sid, clock.instant());
      Principal other = token(alice, SessionId.random(), clock.instant());
      store.revokeSession(alice, sid, until());
      assertThat(store.isRevoked(a)).isTrue();
      assertThat(store.isRevoked(b)).isTrue();
      assertThat(store.isRevoked(other)).isFalse();
    }
  }

  @Nested
  @DisplayName("per-user epoch")
  class Epochs {
    @Test
    @DisplayName("tokens issued before the epoch are revoked, tokens issued at or after it are not")
    void epochBoundary() {
      Instant epoch = clock.instant();
      Principal before = token(alice, SessionId.random(), epoch.minusSeconds(1));
      Principal at = token(alice, SessionId.random(), epoch);
      Principal after = token(alice, SessionId.random(), epoch.plusMillis(1));
      Principal bob = token(UserId.random(), SessionId.random(), epoch.minusSeconds(1));
      store.revokeUserBefore(alice, epoch, until());
      assertThat(store.isRevoked(before)).isTrue();
      assertThat(store.isRevoked(at)).isFalse();
      assertThat(store.isRevoked(after)).isFalse();
      assertThat(store.isRevoked(bob)).isFalse();
    }

    @Test
    @DisplayName("the epoch only moves forward")
    void epochMonotonic() {
      Instant later = clock.instant();
      store.revokeUserBefore(alice, later, until());
      store.revokeUserBefore(alice, later.minusSeconds(60), until());
      assertThat(store.isRevoked(token(alice, SessionId.random(), later.minusSeconds(30)))).isTrue();
    }

    @Test
    @DisplayName("the epoch is forgotten at its end, when every token it covered has expired")
    void epochLapses() {
      Instant epoch = clock.instant();
      Instant end = until();
      store.revokeUserBefore(alice, epoch, end);
      Principal old = token(alice, SessionId.random(), epoch.minusSeconds(1));
      clock.set(end.minusNanos(1));
      assertThat(store.isRevoked(old)).isTrue();
      clock.set(end);
      assertThat(store.isRevoked(old)).isFalse();
    }
  }
}
