package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventQuery;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.role.Role;
import dev.latchkey.auth.core.session.Session;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserPage;
import dev.latchkey.auth.core.user.UserQuery;
import dev.latchkey.auth.testkit.MutableClock;
import dev.latchkey.auth.testkit.Race;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Administration: users, the last-admin guard, first-admin bootstrap, and session management. */
class AdministrationTest {
  private static final String PASSWORD = "correct horse battery staple";

  private MutableClock clock;
  private Stores stores;
  private Auth auth;
  private AdminOperations admin;

  @BeforeEach
  void setUp() {
    clock = MutableClock.standard();
    stores = InMemoryStores.create(clock);
    build(AccountPolicy.defaults());
  }

  private void build(AccountPolicy policy) {
    auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
        .accountPolicy(policy).build();
    admin = auth.admin();
  }

  private User create(String username, boolean isAdmin) {
    return admin.createUser(new NewUser(username, username + "@example.com", PASSWORD, null, isAdmin, Set.of()));
  }

  private AuthTokens login(String username) {
    return ((LoginResult.Success) auth.login(username, PASSWORD, ClientInfo.unknown())).tokens();
  }

  private boolean valid(AuthTokens t) {
    return auth.verify(t.accessToken().token()) instanceof TokenVerification.Valid;
  }

  private Principal principal(AuthTokens t) {
    return ((TokenVerification.Valid) auth.verify(t.accessToken().token())).principal();
  }

  @Nested
  @DisplayName("users")
  class Users {
    @Test
    @DisplayName("an admin-created user needs no verification and can hold admin rights and roles")
    void createsUsers() {
      auth.accessControl().saveRole(new Role("editor", null, null, Set.of("posts:write")));
      User bob = admin.createUser(new NewUser("bob", "bob@example.com", PASSWORD, "Bob", true, Set.of("editor")));
      assertThat(bob.emailVerified()).isTrue();
      assertThat(bob.admin()).isTrue();
      assertThat(principal(login("bob")).roles()).containsExactlyInAnyOrder("admin", "editor");
      assertThatThrownBy(() -> admin.createUser(new NewUser("carl", "carl@example.com", PASSWORD, null, false,
          Set.of("no-such-role")))).isInstanceOf(NotFoundException.class);
      assertThat(stores.users().findByUsername("carl")).isEmpty();
    }

    @Test
    @DisplayName("list, search and paginate users")
    void list() {
      for (int i = 0; i < 25; i++) {
        create("user" + i, false);
        clock.advance(Duration.ofSeconds(1));
      }
      UserPage page = admin.listUsers(new UserQuery(null, 2, 10));
      assertThat(page.items()).hasSize(10).first().extracting(User::username).isEqualTo("user10");
      assertThat(page.total()).isEqualTo(25);
      assertThat(admin.listUsers(new UserQuery("USER2", 1, 20)).items()).extracting(User::username)
          .containsExactly("user2", "user20", "user21", "user22", "user23", "user24");
      assertThatThrownBy(() -> new UserQuery(null, 1, 101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("disabling revokes every session at once and stops login; enabling restores login")
    void disable() {
      create("root", true);
      User bob = create("bob", false);
      AuthTokens t = login("bob");
      admin.disableUser(bob.id());
      assertThat(valid(t)).isFalse();
      assertThat(auth.refresh(t.refreshToken().reveal(), ClientInfo.unknown()))
          .isInstanceOf(RefreshResult.InvalidToken.class);
      assertThat(auth.login("bob", PASSWORD, ClientInfo.unknown())).isInstanceOf(LoginResult.InvalidCredentials.class);
      admin.updateUser(bob.id(), UserChanges.none().withActive(true));
      assertThat(auth.login("bob", PASSWORD, ClientInfo.unknown())).isInstanceOf(LoginResult.Success.class);
      assertThat(admin.events(new EventQuery(bob.id(), AuthEventType.USER_DISABLED, 5))).hasSize(1);
    }

    @Test
    @DisplayName("an admin-set password revokes every session and works at once")
    void setPassword() {
      User bob = create("bob", false);
      AuthTokens t = login("bob");
      admin.updateUser(bob.id(), UserChanges.none().withPassword("admin chosen passphrase"));
      assertThat(valid(t)).isFalse();
      assertThat(auth.login("bob", "admin chosen passphrase", ClientInfo.unknown()))
          .isInstanceOf(LoginResult.Success.class);
      assertThatThrownBy(() -> admin.updateUser(bob.id(), UserChanges.none().withPassword("short")))
          .isInstanceOf(WeakPasswordException.class);
    }

    @Test
    @DisplayName("promoting a user is seen by verify at once: old tokens are refused, refreshed ones carry admin")
    void promotionVisibleAtOnce() {
      User bob = create("bob", false);
      AuthTokens t = login("bob");
      clock.advance(Duration.ofNanos(500));
      admin.updateUser(bob.id(), UserChanges.none().withAdmin(true));
      assertThat(valid(t)).isFalse();
      AuthTokens refreshed = ((RefreshResult.Success) auth.refresh(t.refreshToken().reveal(), ClientInfo.unknown()))
          .tokens();
      assertThat(principal(refreshed).roles()).contains("admin");
    }

    @Test
    @DisplayName("deleting a user removes them everywhere; unknown ids are not found")
    void delete() {
      User bob = create("bob", false);
      AuthTokens t = login("bob");
      admin.deleteUser(bob.id());
      assertThat(admin.user(bob.id())).isEmpty();
      assertThat(valid(t)).isFalse();
      assertThatThrownBy(() -> admin.deleteUser(bob.id())).isInstanceOf(NotFoundException.class);
    }
  }

  @Nested
  @DisplayName("last active admin")
  class LastAdmin {
    @Test
    @DisplayName("can never be deleted, disabled or demoted")
    void guarded() {
      User root = create("root", true);
      assertThatThrownBy(() -> admin.deleteUser(root.id())).isInstanceOf(LastAdminException.class);
      assertThatThrownBy(() -> admin.disableUser(root.id())).isInstanceOf(LastAdminException.class);
      assertThatThrownBy(() -> admin.updateUser(root.id(), UserChanges.none().withAdmin(false)))
          .isInstanceOfSatisfying(LastAdminException.class, e -> assertThat(e.code()).isEqualTo("last_admin"));
      AuthTokens t = login("root");
      assertThatThrownBy(() -> auth.deleteAccount(principal(t), PASSWORD)).isInstanceOf(LastAdminException.class);
      assertThat(valid(t)).isTrue();
    }

    @Test
    @DisplayName("two admins demoting each other at once leave one admin")
    void concurrentDemotion() {
      User a = create("alpha", true);
      User b = create("bravo", true);
      List<Boolean> demoted = Race.run(2, i -> {
        try {
          admin.updateUser(i == 0 ? b.id() : a.id(), UserChanges.none().withAdmin(false));
          return true;
        } catch (LastAdminException e) {
          return false;
        }
      });
      assertThat(demoted).containsOnlyOnce(true);
      assertThat(stores.userDirectory().countActiveAdmins()).isEqualTo(1);
    }
  }

  @Nested
  @DisplayName("first admin")
  class Bootstrap {
    @Test
    @DisplayName("comes from explicit bootstrap configuration, once")
    void explicit() {
      build(AccountPolicy.defaults().withAdminBootstrap(
          new AccountPolicy.AdminBootstrap("admin", "admin@example.com", "bootstrap passphrase here")));
      assertThat(auth.login("admin", "bootstrap passphrase here", ClientInfo.unknown()))
          .isInstanceOf(LoginResult.Success.class);
      build(AccountPolicy.defaults().withAdminBootstrap(
          new AccountPolicy.AdminBootstrap("admin2", "admin2@example.com", "another bootstrap passphrase")));
      assertThat(stores.users().findByUsername("admin2")).isEmpty();
    }

    @Test
    @DisplayName("without a configured password gets a random one-time password, never a fixed default")
    void generated() {
      build(AccountPolicy.defaults().withAdminBootstrap(new AccountPolicy.AdminBootstrap("admin", "a@example.com",
          null)));
      User made = stores.users().findByUsername("admin").orElseThrow();
      assertThat(made.admin()).isTrue();
      for (String guess : List.of("admin", "admin123", "password", "changeme", "")) {
        assertThat(auth.login("admin", guess, ClientInfo.unknown())).isInstanceOf(LoginResult.InvalidCredentials.class);
      }
      assertThat(new AccountPolicy.AdminBootstrap("a", "b@c", "secret pass").toString()).doesNotContain("secret");
    }

    @Test
    @DisplayName("is not created without bootstrap configuration, and a weak configured password fails the build")
    void noneOrWeak() {
      assertThat(stores.userDirectory().countActiveAdmins()).isZero();
      assertThatThrownBy(() -> build(AccountPolicy.defaults().withAdminBootstrap(
          new AccountPolicy.AdminBootstrap("admin", "admin@example.com", "admin123"))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("adminBootstrap.password")
          .hasMessageNotContaining("admin123");
    }
  }

  @Nested
  @DisplayName("sessions")
  class Sessions {
    @Test
    @DisplayName("a user lists their sessions with creation, last use, expiry, user agent and address")
    void list() {
      create("bob", false);
      auth.login("bob", PASSWORD, new ClientInfo("198.51.100.1", "Firefox/140"));
      clock.advance(Duration.ofMinutes(1));
      AuthTokens second = ((LoginResult.Success) auth.login("bob", PASSWORD, new ClientInfo("198.51.100.2",
          "curl/8"))).tokens();
      List<Session> sessions = auth.sessions(second.user().id());
      assertThat(sessions).hasSize(2);
      Session first = sessions.get(0);
      assertThat(first.userAgent()).isEqualTo("Firefox/140");
      assertThat(first.ip()).isEqualTo("198.51.100.1");
      assertThat(first.createdAt()).isEqualTo(first.lastUsedAt());
      assertThat(first.expiresAt()).isEqualTo(first.createdAt().plus(Duration.ofDays(14)));
    }

    @Test
    @DisplayName("revoke one session, only one's own; revoke all but the current one")
    void revoke() {
      User bob = create("bob", false);
      User eve = create("eve", false);
      AuthTokens a = login("bob");
      AuthTokens b = login("bob");
      AuthTokens c = login("bob");
      AuthTokens evil = login("eve");
      assertThat(auth.revokeSession(eve.id(), a.sessionId())).isFalse();
      assertThat(valid(a)).isTrue();
      assertThat(auth.revokeSession(bob.id(), a.sessionId())).isTrue();
      assertThat(valid(a)).isFalse();
      assertThat(auth.revokeOtherSessions(principal(c))).isEqualTo(1);
      assertThat(valid(b)).isFalse();
      assertThat(valid(c)).isTrue();
      assertThat(valid(evil)).isTrue();
      admin.revokeSessions(bob.id());
      assertThat(valid(c)).isFalse();
      assertThat(admin.sessionsOf(bob.id())).isEmpty();
    }

    @Test
    @DisplayName("a session limit evicts the oldest session")
    void evictOldest() {
      build(AccountPolicy.defaults().withSessionLimit(2, AccountPolicy.SessionLimit.EVICT_OLDEST));
      create("bob", false);
      AuthTokens first = login("bob");
      clock.advance(Duration.ofSeconds(1));
      AuthTokens second = login("bob");
      clock.advance(Duration.ofSeconds(1));
      AuthTokens third = login("bob");
      assertThat(valid(first)).isFalse();
      assertThat(valid(second)).isTrue();
      assertThat(valid(third)).isTrue();
      assertThat(auth.sessions(third.user().id())).hasSize(2);
    }

    @Test
    @DisplayName("a session limit can refuse new logins instead")
    void refuse() {
      build(AccountPolicy.defaults().withSessionLimit(1, AccountPolicy.SessionLimit.REFUSE));
      create("bob", false);
      AuthTokens first = login("bob");
      clock.advance(Duration.ofSeconds(1));
      assertThat(auth.login("bob", PASSWORD, ClientInfo.unknown())).isInstanceOf(LoginResult.SessionLimitReached.class);
      assertThat(valid(first)).isTrue();
      assertThat(auth.sessions(first.user().id())).hasSize(1);
    }
  }
}
