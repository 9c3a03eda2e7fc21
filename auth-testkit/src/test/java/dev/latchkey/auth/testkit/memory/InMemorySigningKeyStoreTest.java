package dev.latchkey.auth.testkit.memory;

import dev.latchkey.auth.core.token.SigningKeyStore;
import dev.latchkey.auth.core.memory.InMemorySigningKeyStore;
import dev.latchkey.auth.testkit.SigningKeyStoreContract;
import dev.latchkey.auth.testkit.MutableClock;

class InMemorySigningKeyStoreTest extends SigningKeyStoreContract {
  @Override
  protected SigningKeyStore createStore(MutableClock clock) {
    return new InMemorySigningKeyStore();
  }
}
