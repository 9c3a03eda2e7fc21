package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.memory.InMemoryRateLimiter;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.ratelimit.RateDecision;
import dev.latchkey.auth.core.ratelimit.RateLimit;
import dev.latchkey.auth.core.ratelimit.RateLimiter;
import dev.latchkey.auth.testkit.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SECURITY.md "Abuse and enumeration": login identifiers past 254 characters never reach a store key. */
class IdentifierCapTest {
  private static final String PASSWORD = "correct horse battery staple";

  /** Records every key it is asked to count. */
  private static final class RecordingLimiter implements RateLimiter {
    final List<String> keys = new CopyOnWriteArrayList<>();
    private final RateLimiter delegate = new InMemoryRateLimiter();

    @Override
    public RateDecision acquire(String key, RateLimit limit, Instant now) {
      keys.add(key);
      return delegate.acquire(key, limit, now);
    }

    @Override
    public void reset(String key) {
      keys.add(key);
      delegate.reset(key);
    }

    @Override
    public void refund(String key, RateLimit limit, Instant countedAt) {
      keys.add(key);
      delegate.refund(key, limit, countedAt);
    }

    @Override
    public List<String> lockedKeys(String keyPrefix, Instant now, int limit) {
      return delegate.lockedKeys(keyPrefix, now, limit);
    }
  }

  @Test
  @DisplayName("a login identifier past 254 characters fails like any other, without a limiter key of that length")
  void oversizedIdentifierIsAFailedLoginWithoutAnOversizedKey() {
    MutableClock clock = MutableClock.standard();
    RecordingLimiter limiter = new RecordingLimiter();
    Auth auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock)
        .stores(InMemoryStores.create(clock).withRateLimiter(limiter)).build();
    auth.register(Registration.of("alice", "alice@example.com", PASSWORD));

    LoginResult result = auth.login("x".repeat(500), PASSWORD, ClientInfo.ip("203.0.113.7"));

    assertThat(result).isInstanceOf(LoginResult.InvalidCredentials.class);
    assertThat(limiter.keys).isNotEmpty().allSatisfy(key -> assertThat(key.length()).isLessThan(300));
    assertThat(auth.login("x".repeat(254 - "@example.com".length()) + "@example.com", "wrong password here",
        ClientInfo.ip("203.0.113.7"))).isInstanceOf(LoginResult.InvalidCredentials.class);
    assertThat(limiter.keys).anyMatch(key -> key.endsWith("@example.com"));
  }
}
