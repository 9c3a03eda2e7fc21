package dev.latchkey.auth.testkit.memory;

import dev.latchkey.auth.core.memory.InMemoryOAuthProviderStore;
import dev.latchkey.auth.core.oauth.OAuthProviderStore;
import dev.latchkey.auth.testkit.MutableClock;
import dev.latchkey.auth.testkit.OAuthProviderStoreContract;

class InMemoryOAuthProviderStoreTest extends OAuthProviderStoreContract {
  @Override
  protected OAuthProviderStore createStore(MutableClock clock) {
    return new InMemoryOAuthProviderStore();
  }
}
