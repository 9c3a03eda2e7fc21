package dev.latchkey.auth.testkit.memory;

import dev.latchkey.auth.core.session.SessionStore;
import dev.latchkey.auth.core.memory.InMemorySessionStore;
import dev.latchkey.auth.testkit.SessionStoreContract;
import dev.latchkey.auth.testkit.MutableClock;

class InMemorySessionStoreTest extends SessionStoreContract {
  @Override
  protected SessionStore createStore(MutableClock clock) {
    return new InMemorySessionStore(clock);
  }
}
