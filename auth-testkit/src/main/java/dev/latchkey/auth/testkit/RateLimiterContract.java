package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.ratelimit.RateDecision;
import dev.latchkey.auth.core.ratelimit.RateLimit;
import dev.latchkey.auth.core.ratelimit.RateLimiter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RateLimiter} must show: exact counts under parallel attempts, lockouts that grow, and
 * windows that end on time. Extend it and return a fresh, empty limiter from {@link #createStore(MutableClock)}.
 */
public abstract class RateLimiterContract extends StoreContract<RateLimiter> {
  private final RateLimit limit =
      new RateLimit(5, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofMinutes(8));

  private RateDecision attempt(String key) {
    return store.acquire(key, limit, clock.instant());
  }

  /** Attempts until the key is locked. */
  private void exhaust(String key) {
    RateDecision d;
    do {
      d = attempt(key);
    } while (d instanceof RateDecision.Allowed);
  }

  @Nested
  @DisplayName("counting")
  class Counting {
    @Test
    @DisplayName("the limit's attempts are allowed with a falling remainder, the next one is denied")
    void allowsUpToLimit() {
      for (int i = 0; i < 5; i++) {
        assertThat(attempt("k")).isEqualTo(new RateDecision.Allowed(4 - i));
      }
      assertThat(attempt("k")).isInstanceOf(RateDecision.Denied.class);
    }

    @Test
    @DisplayName("keys are counted independently")
    void independentKeys() {
      for (int i = 0; i < 5; i++) {
        attempt("a");
      }
      assertThat(attempt("b")).isInstanceOf(RateDecision.Allowed.class);
    }

    @Test
    @DisplayName("100 parallel attempts let exactly the limit through")
    void parallelAttemptsExact() {
      List<RateDecision> decisions = Race.run(100, i -> attempt("flood"));
      assertThat(decisions).filteredOn(d -> d instanceof RateDecision.Allowed).hasSize(5);
    }

    @Test
    @DisplayName("a reset forgets the count")
    void resetForgets() {
      for (int i = 0; i < 4; i++) {
        attempt("k");
      }
      store.reset("k");
      store.reset("k");
      assertThat(attempt("k")).isEqualTo(new RateDecision.Allowed(4));
    }

    @Test
    @DisplayName("a window ends on time and counting starts afresh")
    void windowEnds() {
      for (int i = 0; i < 4; i++) {
        attempt("k");
      }
      clock.advance(Duration.ofMinutes(15).minusNanos(1));
      assertThat(attempt("k")).isEqualTo(new RateDecision.Allowed(0));
      clock.advance(Duration.ofNanos(1));
      assertThat(attempt("k")).isEqualTo(new RateDecision.Allowed(4));
    }
  }

  @Nested
  @DisplayName("lockout")
  class Lockout {
    @Test
    @DisplayName("a locked key is denied with the time left until one nanosecond before the lockout ends")
    void lockoutBoundary() {
      exhaust("k");
      clock.advance(Duration.ofSeconds(20));
      assertThat(attempt("k")).isEqualTo(new RateDecision.Denied(Duration.ofSeconds(40)));
      clock.advance(Duration.ofSeconds(40).minusNanos(1));
      assertThat(attempt("k")).isInstanceOf(RateDecision.Denied.class);
      clock.advance(Duration.ofNanos(1));
      assertThat(attempt("k")).isInstanceOf(RateDecision.Allowed.class);
    }

    @Test
    @DisplayName("each further lockout doubles, up to the maximum")
    void lockoutGrows() {
      Duration[] expected = {Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
          Duration.ofMinutes(8), Duration.ofMinutes(8)};
      for (Duration lockout : expected) {
        RateDecision d;
        do {
          d = attempt("k");
        } while (d instanceof RateDecision.Allowed);
        assertThat(d).isEqualTo(new RateDecision.Denied(lockout));
        clock.advance(lockout);
      }
    }

    @Test
    @DisplayName("a reset keeps the lockout history: the next lockout is as long as it would have been")
    void resetKeepsHistory() {
      exhaust("k");
      clock.advance(Duration.ofMinutes(1));
      exhaust("k"); // the second lockout: 2 minutes
      store.reset("k");
      RateDecision d;
      do {
        d = attempt("k");
      } while (d instanceof RateDecision.Allowed);
      assertThat(d).isEqualTo(new RateDecision.Denied(Duration.ofMinutes(4)));
    }

    @Test
    @DisplayName("a reset lifts a lockout")
    void resetLifts() {
      exhaust("k");
      store.reset("k");
      assertThat(attempt("k")).isInstanceOf(RateDecision.Allowed.class);
    }
  }

  @Nested
  @DisplayName("refunds")
  class Refunds {
    @Test
    @DisplayName("a refunded attempt no longer counts; refunds never go below zero")
    void refundGivesBack() {
      for (int i = 0; i < 100; i++) {
        assertThat(attempt("k")).isEqualTo(new RateDecision.Allowed(4));
        store.refund("k", limit, clock.instant());
      }
      store.refund("k", limit, clock.instant());
      store.refund("never-seen", limit, clock.instant());
      for (int i = 0; i < 5; i++) {
        assertThat(attempt("k")).isEqualTo(new RateDecision.Allowed(4 - i));
      }
    }

    @Test
    @DisplayName("a refund neither lifts a lockout nor reaches into a window after the one counted")
    void refundCannotLift() {
      java.time.Instant counted = clock.instant();
      attempt("k");
      exhaust("k");
      store.refund("k", limit, counted);
      assertThat(attempt("k")).isInstanceOf(RateDecision.Denied.class);
      clock.advance(Duration.ofMinutes(1));
      attempt("k"); // a new window after the lockout
      store.refund("k", limit, counted);
      for (int i = 0; i < 4; i++) {
        assertThat(attempt("k")).isInstanceOf(RateDecision.Allowed.class);
      }
      assertThat(attempt("k")).isInstanceOf(RateDecision.Denied.class);
    }

    @Test
    @DisplayName("100 parallel attempt-and-refund pairs leave the whole budget")
    void parallelRefundsExact() {
      RateLimit wide = new RateLimit(200, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofMinutes(8));
      java.time.Instant now = clock.instant();
      List<RateDecision> decisions = Race.run(100, i -> {
        RateDecision d = store.acquire("pair", wide, now);
        store.refund("pair", wide, now);
        return d;
      });
      assertThat(decisions).allMatch(d -> d instanceof RateDecision.Allowed);
      assertThat(store.acquire("pair", wide, now)).isEqualTo(new RateDecision.Allowed(199));
    }
  }

  @Nested
  @DisplayName("locked keys")
  class LockedKeys {
    @Test
    @DisplayName("lists exactly the locked keys under the prefix, until their lockout ends")
    void listsLocked() {
      exhaust("login:id:alice");
      exhaust("login:id:bob");
      exhaust("ip:10.0.0.1");
      for (int i = 0; i < 4; i++) {
        attempt("login:id:carol"); // counted, not locked
      }
      assertThat(store.lockedKeys("login:id:", clock.instant(), 100))
          .containsExactlyInAnyOrder("login:id:alice", "login:id:bob");
      clock.advance(Duration.ofMinutes(1));
      assertThat(store.lockedKeys("login:id:", clock.instant(), 100)).isEmpty();
    }

    @Test
    @DisplayName("a reset key is not listed; the limit caps the answer")
    void resetAndLimit() {
      for (int i = 0; i < 5; i++) {
        exhaust("login:id:u" + i);
      }
      store.reset("login:id:u0");
      assertThat(store.lockedKeys("login:id:", clock.instant(), 100)).hasSize(4).doesNotContain("login:id:u0");
      assertThat(store.lockedKeys("login:id:", clock.instant(), 2)).hasSize(2);
    }

    @Test
    @DisplayName("the prefix is literal: wildcard and bracket characters match only themselves")
    void literalPrefix() {
      exhaust("a*[x]?\\:1");
      exhaust("ab:1");
      assertThat(store.lockedKeys("a*[x]?\\:", clock.instant(), 100)).containsExactly("a*[x]?\\:1");
      assertThat(store.lockedKeys("a%", clock.instant(), 100)).isEmpty();
    }
  }
}
