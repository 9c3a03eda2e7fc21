package dev.latchkey.auth.testkit.memory;

import dev.latchkey.auth.core.otp.OneTimeTokenStore;
import dev.latchkey.auth.core.memory.InMemoryOneTimeTokenStore;
import dev.latchkey.auth.testkit.OneTimeTokenStoreContract;
import dev.latchkey.auth.testkit.MutableClock;

class InMemoryOneTimeTokenStoreTest extends OneTimeTokenStoreContract {
  @Override
  protected OneTimeTokenStore createStore(MutableClock clock) {
    return new InMemoryOneTimeTokenStore(clock);
  }
}
