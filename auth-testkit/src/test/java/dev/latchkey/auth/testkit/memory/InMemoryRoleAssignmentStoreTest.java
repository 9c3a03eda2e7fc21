package dev.latchkey.auth.testkit.memory;

import dev.latchkey.auth.core.role.RoleAssignmentStore;
import dev.latchkey.auth.core.memory.InMemoryRoleAssignmentStore;
import dev.latchkey.auth.testkit.RoleAssignmentStoreContract;
import dev.latchkey.auth.testkit.MutableClock;

class InMemoryRoleAssignmentStoreTest extends RoleAssignmentStoreContract {
  @Override
  protected RoleAssignmentStore createStore(MutableClock clock) {
    return new InMemoryRoleAssignmentStore();
  }
}
