package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.role.RoleAssignment;
import dev.latchkey.auth.core.role.RoleAssignmentStore;
import dev.latchkey.auth.core.service.ServiceId;
import dev.latchkey.auth.core.user.UserId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RoleAssignmentStore} must show. Extend it and return a fresh, empty store from
 * {@link #createStore(MutableClock)}.
 */
public abstract class RoleAssignmentStoreContract extends StoreContract<RoleAssignmentStore> {
  private final UserId alice = UserId.random();
  private final UserId bob = UserId.random();
  private final ServiceId billing = ServiceId.random();

  @Nested
  @DisplayName("assignments")
  class Assignments {
    @Test
    @DisplayName("a user without roles has none")
    void none() {
      assertThat(store.assignmentsOf(alice)).isEmpty();
    }

    @Test
    @DisplayName("assigning is idempotent and reports whether it changed anything")
    void assignIdempotent() {
      assertThat(store.assign(new RoleAssignment(alice, "editor", null))).isTrue();
      assertThat(store.assign(new RoleAssignment(alice, "editor", null))).isFalse();
      assertThat(store.assign(new RoleAssignment(alice, "editor", billing))).isTrue();
      assertThat(store.assignmentsOf(alice)).containsExactlyInAnyOrder(
          new RoleAssignment(alice, "editor", null), new RoleAssignment(alice, "editor", billing));
    }

    @Test
    @DisplayName("unassigning is idempotent and leaves other roles, services and users alone")
    void unassign() {
      store.assign(new RoleAssignment(alice, "editor", null));
      store.assign(new RoleAssignment(alice, "editor", billing));
      store.assign(new RoleAssignment(bob, "editor", null));
      assertThat(store.unassign(new RoleAssignment(alice, "editor", null))).isTrue();
      assertThat(store.unassign(new RoleAssignment(alice, "editor", null))).isFalse();
      assertThat(store.assignmentsOf(alice)).containsExactly(new RoleAssignment(alice, "editor", billing));
      assertThat(store.assignmentsOf(bob)).hasSize(1);
    }

    @Test
    @DisplayName("removing a role takes it from everyone who held it, and says who")
    void removeRole() {
      store.assign(new RoleAssignment(alice, "editor", null));
      store.assign(new RoleAssignment(bob, "editor", null));
      store.assign(new RoleAssignment(bob, "editor", billing));
      assertThat(store.removeRole("editor", null)).containsExactlyInAnyOrder(alice, bob);
      assertThat(store.assignmentsOf(alice)).isEmpty();
      assertThat(store.assignmentsOf(bob)).containsExactly(new RoleAssignment(bob, "editor", billing));
      assertThat(store.removeRole("editor", null)).isEmpty();
    }

    @Test
    @DisplayName("removing a user takes all their roles, idempotently")
    void removeUser() {
      store.assign(new RoleAssignment(alice, "editor", null));
      store.assign(new RoleAssignment(alice, "viewer", billing));
      store.removeUser(alice);
      store.removeUser(alice);
      assertThat(store.assignmentsOf(alice)).isEmpty();
    }

    @Test
    @DisplayName("20 concurrent assignments of different roles all land")
    void concurrentAssignments() {
      Race.run(20, i -> store.assign(new RoleAssignment(alice, "role" + i, null)));
      assertThat(store.assignmentsOf(alice)).hasSize(20);
    }
  }
}
