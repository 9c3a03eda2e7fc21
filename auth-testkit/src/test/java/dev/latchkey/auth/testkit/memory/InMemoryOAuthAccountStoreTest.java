package dev.latchkey.auth.testkit.memory;

import dev.latchkey.auth.core.memory.InMemoryOAuthAccountStore;
import dev.latchkey.auth.core.oauth.OAuthAccountStore;
import dev.latchkey.auth.testkit.MutableClock;
import dev.latchkey.auth.testkit.OAuthAccountStoreContract;

class InMemoryOAuthAccountStoreTest extends OAuthAccountStoreContract {
  @Override
  protected OAuthAccountStore createStore(MutableClock clock) {
    return new InMemoryOAuthAccountStore();
  }
}
