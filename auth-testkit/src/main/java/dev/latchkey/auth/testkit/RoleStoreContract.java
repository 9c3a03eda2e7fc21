package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.role.RoleStore;
import dev.latchkey.auth.core.user.UserId;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RoleStore} must show. Extend it and return a fresh, empty store from
 * {@link #createStore(MutableClock)}.
 */
public abstract class RoleStoreContract extends StoreContract<RoleStore> {
  private final UserId alice = UserId.random();

  @Nested
  @DisplayName("assignments")
  class Assignments {
    @Test
    @DisplayName("a user without roles has none")
    void none() {
      assertThat(store.rolesOf(alice)).isEmpty();
    }

    @Test
    @DisplayName("assigning is idempotent and reports whether it changed anything")
    void assignIdempotent() {
      assertThat(store.assign(alice, "editor")).isTrue();
      assertThat(store.assign(alice, "editor")).isFalse();
      store.assign(alice, "viewer");
      assertThat(store.rolesOf(alice)).containsExactlyInAnyOrder("editor", "viewer");
    }

    @Test
    @DisplayName("role names are case-sensitive")
    void caseSensitive() {
      store.assign(alice, "Editor");
      store.assign(alice, "editor");
      assertThat(store.rolesOf(alice)).hasSize(2);
    }

    @Test
    @DisplayName("unassigning is idempotent and leaves other roles and users alone")
    void unassign() {
      UserId bob = UserId.random();
      store.assign(alice, "editor");
      store.assign(alice, "viewer");
      store.assign(bob, "editor");
      assertThat(store.unassign(alice, "editor")).isTrue();
      assertThat(store.unassign(alice, "editor")).isFalse();
      assertThat(store.rolesOf(alice)).containsExactly("viewer");
      assertThat(store.rolesOf(bob)).containsExactly("editor");
    }

    @Test
    @DisplayName("removeAll takes every role of one user, idempotently")
    void removeAll() {
      store.assign(alice, "editor");
      store.assign(alice, "viewer");
      store.removeAll(alice);
      store.removeAll(alice);
      assertThat(store.rolesOf(alice)).isEmpty();
    }

    @Test
    @DisplayName("20 concurrent assignments of different roles all land")
    void concurrentAssignments() {
      Race.run(20, i -> store.assign(alice, "role" + i));
      assertThat(store.rolesOf(alice)).hasSize(20);
    }

    @Test
    @DisplayName("returned role sets are not live views")
    void copies() {
      store.assign(alice, "editor");
      var before = store.rolesOf(alice);
      store.assign(alice, "viewer");
      assertThat(before).containsExactly("editor");
      assertThat(List.copyOf(store.rolesOf(alice))).hasSize(2);
    }
  }
}
