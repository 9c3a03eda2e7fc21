package dev.latchkey.auth.testkit.memory;

import dev.latchkey.auth.core.memory.InMemoryUserStore;
import dev.latchkey.auth.core.user.UserDirectory;
import dev.latchkey.auth.core.user.UserStore;
import dev.latchkey.auth.testkit.MutableClock;
import dev.latchkey.auth.testkit.UserStoreContract;

class InMemoryUserStoreTest extends UserStoreContract {
  @Override
  protected UserStore createStore(MutableClock clock) {
    return new InMemoryUserStore();
  }

  @Override
  protected UserDirectory directoryOf(UserStore store) {
    return (InMemoryUserStore) store;
  }
}
