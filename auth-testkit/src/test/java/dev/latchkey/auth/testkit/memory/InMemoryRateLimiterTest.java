package dev.latchkey.auth.testkit.memory;

import dev.latchkey.auth.core.ratelimit.RateLimiter;
import dev.latchkey.auth.core.memory.InMemoryRateLimiter;
import dev.latchkey.auth.testkit.RateLimiterContract;
import dev.latchkey.auth.testkit.MutableClock;

class InMemoryRateLimiterTest extends RateLimiterContract {
  @Override
  protected RateLimiter createStore(MutableClock clock) {
    return new InMemoryRateLimiter();
  }
}
