package dev.latchkey.auth.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.user.UserId;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RevocationCacheTest {
  private final Principal token = new Principal(UserId.random(), "alice", SessionId.random(), "jti-1", Set.of(),
      Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:15:00Z"));
  private final AtomicInteger asked = new AtomicInteger();
  private boolean revoked;
  private final Predicate<Principal> store = p -> {
    asked.incrementAndGet();
    return revoked;
  };

  @Test
  @DisplayName("until the feed listens, and after it is lost, every check asks the store")
  void notLiveAsksEveryTime() {
    RevocationCache cache = new RevocationCache(10);
    cache.isRevoked(token, store);
    cache.isRevoked(token, store);
    assertThat(asked).hasValue(2);
    cache.resume();
    cache.isRevoked(token, store);
    cache.isRevoked(token, store);
    assertThat(asked).hasValue(3);
    cache.suspend();
    cache.isRevoked(token, store);
    assertThat(asked).hasValue(4);
  }

  @Test
  @DisplayName("a kept 'not revoked' answer is dropped by any revocation; a revoked answer is never kept")
  void invalidation() {
    RevocationCache cache = new RevocationCache(10);
    cache.resume();
    assertThat(cache.isRevoked(token, store)).isFalse();
    revoked = true;
    cache.invalidate();
    assertThat(cache.isRevoked(token, store)).isTrue();
    assertThat(cache.isRevoked(token, store)).isTrue();
    assertThat(asked).hasValue(3);
  }

  @Test
  @DisplayName("a revocation that lands while the store is being asked keeps that answer out of memory")
  void raceWithInvalidation() {
    RevocationCache cache = new RevocationCache(10);
    cache.resume();
    assertThat(cache.isRevoked(token, p -> {
      cache.invalidate(); // committed and notified after the store read its snapshot
      return false;
    })).isFalse();
    revoked = true;
    assertThat(cache.isRevoked(token, store)).isTrue();
  }

  @Test
  @DisplayName("a full cache starts over instead of growing")
  void bounded() {
    RevocationCache cache = new RevocationCache(2);
    cache.resume();
    for (int i = 0; i < 3; i++) {
      Principal p = new Principal(token.userId(), "alice", token.sessionId(), "jti-" + i, Set.of(), token.issuedAt(),
          token.expiresAt());
      cache.isRevoked(p, store);
    }
    cache.isRevoked(token, store);
    assertThat(asked).hasValue(4);
  }
}
