package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.core.user.UserStore;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link UserStore} must show. Extend it, return a fresh, empty store from
 * {@link #createStore(MutableClock)}, and every test here runs against your adapter.
 */
public abstract class UserStoreContract extends StoreContract<UserStore> {

  /** A valid user with the given names, version 1. */
  protected User user(String username, String email) {
    return new User(UserId.random(), username, email, false, "Name", null, true, false, "{argon2}hash",
        clock.instant(), null, 1);
  }

  @Nested
  @DisplayName("create and find")
  class CreateAndFind {
    @Test
    @DisplayName("a created user is found by id, username and email")
    void createdUserIsFound() {
      User alice = user("alice", "alice@example.com");
      store.create(alice);
      assertThat(store.findById(alice.id())).contains(alice);
      assertThat(store.findByUsername("alice")).contains(alice);
      assertThat(store.findByEmail("alice@example.com")).contains(alice);
    }

    @Test
    @DisplayName("username and email lookups ignore case")
    void lookupsIgnoreCase() {
      User alice = user("Alice", "Alice@Example.com");
      store.create(alice);
      assertThat(store.findByUsername("ALICE")).contains(alice);
      assertThat(store.findByEmail("alice@EXAMPLE.COM")).contains(alice);
    }

    @Test
    @DisplayName("unknown ids and names find nothing")
    void unknownFindsNothing() {
      assertThat(store.findById(UserId.random())).isEmpty();
      assertThat(store.findByUsername("nobody")).isEmpty();
      assertThat(store.findByEmail("nobody@example.com")).isEmpty();
    }
  }

  @Nested
  @DisplayName("duplicates")
  class Duplicates {
    @Test
    @DisplayName("a username taken in another case is a conflict")
    void duplicateUsernameConflicts() {
      store.create(user("alice", "a1@example.com"));
      assertThatThrownBy(() -> store.create(user("ALICE", "a2@example.com")))
          .isInstanceOf(ConflictException.class);
    }

    @Test
    @DisplayName("an email taken in another case is a conflict")
    void duplicateEmailConflicts() {
      store.create(user("alice", "a@example.com"));
      assertThatThrownBy(() -> store.create(user("bob", "A@EXAMPLE.COM"))).isInstanceOf(ConflictException.class);
    }

    @Test
    @DisplayName("of 20 concurrent creations with one email exactly one succeeds")
    void concurrentCreationsOneWins() {
      List<Boolean> created = Race.run(20, i -> {
        try {
          store.create(user("user" + i, "same@example.com"));
          return true;
        } catch (ConflictException e) {
          return false;
        }
      });
      assertThat(created).filteredOn(c -> c).hasSize(1);
    }
  }

  @Nested
  @DisplayName("update")
  class Update {
    @Test
    @DisplayName("an update at the expected version is stored")
    void updateAtExpectedVersion() {
      User alice = user("alice", "alice@example.com");
      store.create(alice);
      User changed = alice.withActive(false);
      assertThat(store.update(changed, 1)).isTrue();
      assertThat(store.findById(alice.id())).contains(changed);
    }

    @Test
    @DisplayName("an update at a stale version changes nothing")
    void staleUpdateRefused() {
      User alice = user("alice", "alice@example.com");
      store.create(alice);
      assertThat(store.update(alice.withActive(false), 1)).isTrue();
      assertThat(store.update(alice.withPasswordHash("{argon2}other"), 1)).isFalse();
      assertThat(store.findById(alice.id()).orElseThrow().active()).isFalse();
    }

    @Test
    @DisplayName("of 20 concurrent updates from one version exactly one succeeds")
    void concurrentUpdatesOneWins() {
      User alice = user("alice", "alice@example.com");
      store.create(alice);
      List<Boolean> won = Race.run(20, i -> store.update(alice.withPasswordHash("{argon2}h" + i), 1));
      assertThat(won).filteredOn(w -> w).hasSize(1);
      assertThat(store.findById(alice.id()).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    @DisplayName("renaming to another user's email is a conflict")
    void renameToTakenEmailConflicts() {
      User alice = user("alice", "alice@example.com");
      store.create(alice);
      store.create(user("bob", "bob@example.com"));
      User clash = new User(alice.id(), "alice", "BOB@example.com", false, null, null, true, false, null,
          alice.createdAt(), null, 2);
      assertThatThrownBy(() -> store.update(clash, 1)).isInstanceOf(ConflictException.class);
    }

    @Test
    @DisplayName("after a rename the old email is free and the new one finds the user")
    void renameMovesIndex() {
      User alice = user("alice", "old@example.com");
      store.create(alice);
      User renamed = new User(alice.id(), "alice", "new@example.com", false, null, null, true, false, null,
          alice.createdAt(), null, 2);
      assertThat(store.update(renamed, 1)).isTrue();
      assertThat(store.findByEmail("old@example.com")).isEmpty();
      assertThat(store.findByEmail("new@example.com")).contains(renamed);
      store.create(user("carol", "old@example.com"));
    }

    @Test
    @DisplayName("updating a missing user returns false")
    void updateMissing() {
      assertThat(store.update(user("ghost", "ghost@example.com"), 1)).isFalse();
    }
  }

  @Nested
  @DisplayName("delete")
  class Delete {
    @Test
    @DisplayName("delete removes the user and frees the username and email; a second delete is a no-op")
    void deleteIsIdempotent() {
      User alice = user("alice", "alice@example.com");
      store.create(alice);
      assertThat(store.delete(alice.id())).isTrue();
      assertThat(store.delete(alice.id())).isFalse();
      assertThat(store.findById(alice.id())).isEmpty();
      assertThat(store.findByUsername("alice")).isEmpty();
      store.create(user("alice", "alice@example.com"));
    }
  }
}
