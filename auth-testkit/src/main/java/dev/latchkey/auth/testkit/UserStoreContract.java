package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.LastAdminException;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.core.user.UserDirectory;
import dev.latchkey.auth.core.user.UserPage;
import dev.latchkey.auth.core.user.UserQuery;
import dev.latchkey.auth.core.user.UserStore;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link UserStore} and its {@link UserDirectory} must show, the last-admin invariant included.
 * Extend it, return a fresh, empty store from {@link #createStore(MutableClock)} and its directory from
 * {@link #directoryOf(UserStore)}, and every test here runs against your adapter.
 */
public abstract class UserStoreContract extends StoreContract<UserStore> {

  /** The directory that sees the same users as {@code store}. */
  protected abstract UserDirectory directoryOf(UserStore store);

  private User admin(String username) {
    return new User(UserId.random(), username, username + "@example.com", true, null, null, true, true, null,
        false, clock.instant(), null, 1);
  }

  /** A valid user with the given names, version 1. */
  protected User user(String username, String email) {
    return new User(UserId.random(), username, email, false, "Name", null, true, false, "{argon2}hash",
        false, clock.instant(), null, 1);
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
    @DisplayName("accounts without an email coexist, keep no address, and gain one later")
    void accountsWithoutEmail() {
      User first = User.create(UserId.random(), "first", null, clock.instant());
      User second = User.create(UserId.random(), "second", null, clock.instant());
      store.create(first);
      store.create(second);
      assertThat(store.findById(first.id()).orElseThrow().email()).isNull();
      assertThat(store.findById(second.id()).orElseThrow().hasEmail()).isFalse();
      assertThat(store.update(first.withEmail("first@example.com", true), 1)).isTrue();
      assertThat(store.findByEmail("first@example.com").orElseThrow().id()).isEqualTo(first.id());
      assertThat(store.findByEmail("first@example.com").orElseThrow().emailVerified()).isTrue();
    }

    @Test
    @DisplayName("the password-change-required flag is stored and cleared")
    void passwordChangeRequiredIsStored() {
      User alice = user("alice", "alice@example.com").withPasswordChangeRequired(true);
      store.create(alice);
      assertThat(store.findById(alice.id()).orElseThrow().passwordChangeRequired()).isTrue();
      assertThat(store.update(alice.withPasswordChangeRequired(false), alice.version())).isTrue();
      assertThat(store.findById(alice.id()).orElseThrow().passwordChangeRequired()).isFalse();
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
          false, alice.createdAt(), null, 2);
      assertThatThrownBy(() -> store.update(clash, 1)).isInstanceOf(ConflictException.class);
    }

    @Test
    @DisplayName("after a rename the old email is free and the new one finds the user")
    void renameMovesIndex() {
      User alice = user("alice", "old@example.com");
      store.create(alice);
      User renamed = new User(alice.id(), "alice", "new@example.com", false, null, null, true, false, null,
          false, alice.createdAt(), null, 2);
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

  @Nested
  @DisplayName("profiles")
  class Profiles {
    @Test
    @DisplayName("a profile read shows this store's own updates and deletes at once")
    void profileFollowsOwnWrites() {
      User alice = user("alice", "alice@example.com");
      store.create(alice);
      assertThat(store.findProfile(alice.id())).contains(alice);
      User renamed = alice.withProfile("Alice Liddell", null);
      assertThat(store.update(renamed, alice.version())).isTrue();
      assertThat(store.findProfile(alice.id())).contains(renamed);
      assertThat(store.delete(alice.id())).isTrue();
      assertThat(store.findProfile(alice.id())).isEmpty();
      assertThat(store.findProfile(UserId.random())).isEmpty();
    }
  }

  @Nested
  @DisplayName("directory")
  class Directory {
    @Test
    @DisplayName("search pages through users oldest first and counts them all")
    void pages() {
      for (int i = 0; i < 5; i++) {
        store.create(user("user" + i, "user" + i + "@example.com"));
        clock.advance(java.time.Duration.ofSeconds(1));
      }
      UserPage first = directoryOf(store).search(new UserQuery(null, 1, 2));
      UserPage last = directoryOf(store).search(new UserQuery(null, 3, 2));
      assertThat(first.items()).extracting(User::username).containsExactly("user0", "user1");
      assertThat(first.total()).isEqualTo(5);
      assertThat(last.items()).extracting(User::username).containsExactly("user4");
      assertThat(directoryOf(store).search(new UserQuery(null, 4, 2)).items()).isEmpty();
    }

    @Test
    @DisplayName("search matches part of the username or email, case-insensitively")
    void matches() {
      store.create(user("alice", "alice@example.com"));
      store.create(user("bob", "robert@Corp.example"));
      store.create(user("carol", "carol@example.com"));
      assertThat(directoryOf(store).search(new UserQuery("LIC", 1, 10)).items()).extracting(User::username)
          .containsExactly("alice");
      assertThat(directoryOf(store).search(new UserQuery("corp", 1, 10)).items()).extracting(User::username)
          .containsExactly("bob");
      assertThat(directoryOf(store).search(new UserQuery("example", 1, 10)).total()).isEqualTo(3);
      assertThat(directoryOf(store).search(new UserQuery("%", 1, 10)).total()).isZero();
      assertThat(directoryOf(store).search(new UserQuery("_", 1, 10)).total()).isZero();
    }

    @Test
    @DisplayName("active admins are counted; disabled admins and plain users are not")
    void countsAdmins() {
      store.create(admin("root"));
      store.create(admin("ops").withActive(false));
      store.create(user("alice", "alice@example.com"));
      assertThat(directoryOf(store).countActiveAdmins()).isEqualTo(1);
    }

    @Test
    @DisplayName("all users are counted, and those whose last login is at or after a time")
    void countsUsersAndRecentLogins() {
      assertThat(directoryOf(store).countUsers()).isZero();
      java.time.Instant since = clock.instant().minus(java.time.Duration.ofHours(24));
      store.create(user("never", "never@example.com"));
      store.create(user("old", "old@example.com").withLastLoginAt(since.minusNanos(1)));
      store.create(user("edge", "edge@example.com").withLastLoginAt(since));
      store.create(user("fresh", "fresh@example.com").withLastLoginAt(clock.instant()).withActive(false));
      assertThat(directoryOf(store).countUsers()).isEqualTo(4);
      assertThat(directoryOf(store).countLoggedInSince(since)).isEqualTo(2);
    }
  }

  @Nested
  @DisplayName("last active admin")
  class LastAdmin {
    @Test
    @DisplayName("the last active admin cannot be demoted, disabled or deleted")
    void guarded() {
      User root = admin("root");
      store.create(root);
      assertThatThrownBy(() -> store.update(root.withAdmin(false), 1)).isInstanceOf(LastAdminException.class);
      assertThatThrownBy(() -> store.update(root.withActive(false), 1)).isInstanceOf(LastAdminException.class);
      assertThatThrownBy(() -> store.delete(root.id())).isInstanceOf(LastAdminException.class);
      assertThat(store.findById(root.id())).contains(root);
    }

    @Test
    @DisplayName("with a second active admin, one may go")
    void secondAdmin() {
      User root = admin("root");
      User ops = admin("ops");
      store.create(root);
      store.create(ops);
      assertThat(store.update(root.withAdmin(false), 1)).isTrue();
      assertThatThrownBy(() -> store.delete(ops.id())).isInstanceOf(LastAdminException.class);
    }

    @Test
    @DisplayName("two admins demoting each other at once leave exactly one admin")
    void concurrentDemotion() {
      for (int round = 0; round < 10; round++) {
        store = createStore(clock);
        User a = admin("a" + round);
        User b = admin("b" + round);
        store.create(a);
        store.create(b);
        User[] pair = {a, b};
        java.util.List<Boolean> results = Race.run(2, i -> {
          try {
            return store.update(pair[i].withAdmin(false), 1);
          } catch (LastAdminException e) {
            return false;
          }
        });
        assertThat(results).containsOnlyOnce(true);
        assertThat(directoryOf(store).countActiveAdmins()).isEqualTo(1);
      }
    }

    @Test
    @DisplayName("before any admin exists, users are changed and deleted freely")
    void noAdminYet() {
      User alice = user("alice", "alice@example.com");
      store.create(alice);
      assertThat(store.update(alice.withActive(false), 1)).isTrue();
      assertThat(store.delete(alice.id())).isTrue();
    }
  }
}
