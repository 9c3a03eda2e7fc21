package dev.latchkey.auth.testkit.memory;

import dev.latchkey.auth.core.service.ServiceStore;
import dev.latchkey.auth.core.memory.InMemoryServiceStore;
import dev.latchkey.auth.testkit.ServiceStoreContract;
import dev.latchkey.auth.testkit.MutableClock;

class InMemoryServiceStoreTest extends ServiceStoreContract {
  @Override
  protected ServiceStore createStore(MutableClock clock) {
    return new InMemoryServiceStore();
  }
}
