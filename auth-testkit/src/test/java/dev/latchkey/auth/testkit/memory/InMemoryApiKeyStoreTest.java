package dev.latchkey.auth.testkit.memory;

import dev.latchkey.auth.core.service.ApiKeyStore;
import dev.latchkey.auth.core.memory.InMemoryApiKeyStore;
import dev.latchkey.auth.testkit.ApiKeyStoreContract;
import dev.latchkey.auth.testkit.MutableClock;

class InMemoryApiKeyStoreTest extends ApiKeyStoreContract {
  @Override
  protected ApiKeyStore createStore(MutableClock clock) {
    return new InMemoryApiKeyStore();
  }
}
