package dev.latchkey.auth.testkit.memory;

import dev.latchkey.auth.core.token.RevocationStore;
import dev.latchkey.auth.core.memory.InMemoryRevocationStore;
import dev.latchkey.auth.testkit.RevocationStoreContract;
import dev.latchkey.auth.testkit.MutableClock;

class InMemoryRevocationStoreTest extends RevocationStoreContract {
  @Override
  protected RevocationStore createStore(MutableClock clock) {
    return new InMemoryRevocationStore(clock);
  }
}
