package dev.latchkey.auth.testkit.memory;

import dev.latchkey.auth.core.role.RoleStore;
import dev.latchkey.auth.core.memory.InMemoryRoleStore;
import dev.latchkey.auth.testkit.RoleStoreContract;
import dev.latchkey.auth.testkit.MutableClock;

class InMemoryRoleStoreTest extends RoleStoreContract {
  @Override
  protected RoleStore createStore(MutableClock clock) {
    return new InMemoryRoleStore();
  }
}
