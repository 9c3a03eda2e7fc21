package dev.latchkey.auth.testkit.memory;

import dev.latchkey.auth.core.Stores;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.testkit.AuthFlowContract;
import dev.latchkey.auth.testkit.MutableClock;

class InMemoryAuthFlowTest extends AuthFlowContract {
  @Override
  protected Stores createStores(MutableClock clock) {
    return InMemoryStores.create(clock);
  }
}
