package dev.latchkey.auth.store.redis;

import dev.latchkey.auth.core.otp.OneTimeTokenStore;
import dev.latchkey.auth.core.ratelimit.RateLimiter;
import dev.latchkey.auth.core.session.SessionStore;
import dev.latchkey.auth.core.token.RevocationStore;
import dev.latchkey.auth.testkit.MutableClock;
import dev.latchkey.auth.testkit.OneTimeTokenStoreContract;
import dev.latchkey.auth.testkit.RateLimiterContract;
import dev.latchkey.auth.testkit.RevocationStoreContract;
import dev.latchkey.auth.testkit.SessionStoreContract;
import org.junit.jupiter.api.Nested;

/** The contract suites of every port Redis implements; subclasses say which Redis (standalone, Cluster). */
abstract class RedisContractSuites {

  /** Fresh stores under a key prefix of their own. */
  protected abstract RedisStores stores(MutableClock clock);

  @Nested
  class Sessions extends SessionStoreContract {
    @Override
    protected SessionStore createStore(MutableClock clock) {
      return stores(clock).sessions();
    }
  }

  @Nested
  class Revocations extends RevocationStoreContract {
    @Override
    protected RevocationStore createStore(MutableClock clock) {
      return stores(clock).revocations();
    }
  }

  @Nested
  class OneTimeTokens extends OneTimeTokenStoreContract {
    @Override
    protected OneTimeTokenStore createStore(MutableClock clock) {
      return stores(clock).oneTimeTokens();
    }
  }

  @Nested
  class RateLimits extends RateLimiterContract {
    @Override
    protected RateLimiter createStore(MutableClock clock) {
      return stores(clock).rateLimiter();
    }
  }
}
