package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.role.Role;
import dev.latchkey.auth.core.role.RoleAssignment;
import dev.latchkey.auth.core.service.ApiKey;
import dev.latchkey.auth.core.service.Service;
import dev.latchkey.auth.core.token.IssuedAccessToken;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.testkit.MutableClock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Roles and permissions, services, API keys and the client-credentials exchange. */
class AccessControlTest {
  private static final String PASSWORD = "correct horse battery staple";

  private MutableClock clock;
  private Stores stores;
  private Auth auth;
  private AccessControl access;
  private User bob;

  @BeforeEach
  void setUp() {
    clock = MutableClock.standard();
    stores = InMemoryStores.create(clock);
    auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores).build();
    access = auth.accessControl();
    bob = auth.register(Registration.of("bob", "bob@example.com", PASSWORD));
  }

  private AuthTokens login() {
    return ((LoginResult.Success) auth.login("bob", PASSWORD, ClientInfo.unknown())).tokens();
  }

  private Principal principal(String token) {
    return ((TokenVerification.Valid) auth.verify(token)).principal();
  }

  @Nested
  @DisplayName("roles and permissions")
  class Roles {
    @Test
    @DisplayName("a global role's permissions authorize its holders, and only them")
    void globalRole() {
      access.saveRole(new Role("editor", null, "Edits posts", Set.of("posts:write", "posts:read")));
      Principal before = principal(login().accessToken().token());
      assertThat(auth.authorize(before, "posts:write")).isFalse();
      access.assign(bob.id(), "editor", null);
      Principal after = principal(login().accessToken().token());
      assertThat(after.roles()).containsExactly("editor");
      assertThat(auth.authorize(after, "posts:write")).isTrue();
      assertThat(auth.authorize(after, "posts:delete")).isFalse();
    }

    @Test
    @DisplayName("a service-scoped role authorizes only within its service and stays out of tokens")
    void serviceRole() {
      Service billing = access.registerService("billing", "Invoices");
      Service shipping = access.registerService("shipping", null);
      access.saveRole(new Role("clerk", billing.id(), null, Set.of("invoices:write")));
      access.assign(bob.id(), "clerk", billing.id());
      Principal p = principal(login().accessToken().token());
      assertThat(p.roles()).isEmpty();
      assertThat(auth.authorize(p, "invoices:write", billing.id())).isTrue();
      assertThat(auth.authorize(p, "invoices:write", shipping.id())).isFalse();
      assertThat(auth.authorize(p, "invoices:write")).isFalse();
      assertThat(access.assignmentsOf(bob.id())).containsExactly(new RoleAssignment(bob.id(), "clerk", billing.id()));
    }

    @Test
    @DisplayName("a role change is visible to the revocation-checked verify at once")
    void roleChangeVisibleAtOnce() {
      access.saveRole(new Role("editor", null, null, Set.of("posts:write")));
      access.assign(bob.id(), "editor", null);
      AuthTokens t = login();
      clock.advance(Duration.ofMillis(5));
      access.unassign(bob.id(), "editor", null);
      assertThat(auth.verify(t.accessToken().token())).isInstanceOf(TokenVerification.Invalid.class);
      AuthTokens refreshed = ((RefreshResult.Success) auth.refresh(t.refreshToken().reveal(), ClientInfo.unknown()))
          .tokens();
      assertThat(principal(refreshed.accessToken().token()).roles()).isEmpty();
    }

    @Test
    @DisplayName("deleting a role takes it from its holders and refuses their tokens")
    void deleteRole() {
      access.saveRole(new Role("editor", null, null, Set.of("posts:write")));
      access.assign(bob.id(), "editor", null);
      AuthTokens t = login();
      clock.advance(Duration.ofMillis(5));
      assertThat(access.deleteRole("editor", null)).isTrue();
      assertThat(access.assignmentsOf(bob.id())).isEmpty();
      assertThat(auth.verify(t.accessToken().token())).isInstanceOf(TokenVerification.Invalid.class);
    }

    @Test
    @DisplayName("admins are authorized for everything; disabled users for nothing; '*' grants all")
    void adminsAndWildcards() {
      access.saveRole(new Role("ops", null, null, Set.of(AccessControl.ALL_PERMISSIONS)));
      access.assign(bob.id(), "ops", null);
      Principal p = principal(login().accessToken().token());
      assertThat(auth.authorize(p, "anything:at-all")).isTrue();
      User root = auth.admin().createUser(new NewUser("root", "root@example.com", PASSWORD, null, true, Set.of()));
      Principal rootP = principal(((LoginResult.Success) auth.login("root", PASSWORD, ClientInfo.unknown())).tokens()
          .accessToken().token());
      assertThat(auth.authorize(rootP, "whatever")).isTrue();
      auth.admin().disableUser(bob.id());
      assertThat(auth.authorize(p, "anything:at-all")).isFalse();
      assertThat(root.admin()).isTrue();
    }

    @Test
    @DisplayName("unknown roles, users and services are not found")
    void notFound() {
      assertThatThrownBy(() -> access.assign(bob.id(), "nope", null)).isInstanceOf(NotFoundException.class);
      access.saveRole(new Role("editor", null, null, Set.of()));
      assertThatThrownBy(() -> access.assign(dev.latchkey.auth.core.user.UserId.random(), "editor", null))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> access.saveRole(new Role("x", dev.latchkey.auth.core.service.ServiceId.random(), null,
          Set.of()))).isInstanceOf(NotFoundException.class);
    }
  }

  @Nested
  @DisplayName("services")
  class Services {
    @Test
    @DisplayName("register, rename, list, and delete only when nothing is scoped to it")
    void lifecycle() {
      Service billing = access.registerService("billing", null);
      assertThatThrownBy(() -> access.registerService("Billing", null)).isInstanceOf(ConflictException.class);
      access.updateService(billing.id(), "invoicing", "renamed");
      assertThat(access.services()).extracting(Service::name).containsExactly("invoicing");
      access.saveRole(new Role("clerk", billing.id(), null, Set.of()));
      assertThatThrownBy(() -> access.deleteService(billing.id())).isInstanceOf(ConflictException.class);
      access.deleteRole("clerk", billing.id());
      assertThat(access.deleteService(billing.id())).isTrue();
    }
  }

  @Nested
  @DisplayName("API keys")
  class ApiKeys {
    @Test
    @DisplayName("the secret is shown once, stored only as SHA-256, and authenticates")
    void secretOnce() {
      access.saveRole(new Role("reader", null, null, Set.of("reports:read")));
      CreatedApiKey created = access.createApiKey("ci", Set.of("reader"), null, null);
      String secret = created.secret().reveal();
      assertThat(secret).startsWith("lk_");
      assertThat(created.toString()).doesNotContain(secret);
      ApiKey stored = stores.apiKeys().find(created.key().id()).orElseThrow();
      assertThat(stored.secretHash()).isEqualTo(TokenHash.of(secret));
      assertThat(access.authenticateApiKey(secret)).map(ApiKey::id).contains(created.key().id());
      assertThat(access.apiKeys()).singleElement().satisfies(k -> assertThat(k.lastUsedAt()).isNotNull());
    }

    @Test
    @DisplayName("wrong, forged, expired and deleted secrets do not authenticate")
    void refusals() {
      CreatedApiKey created = access.createApiKey("ci", Set.of(), null, clock.instant().plus(Duration.ofDays(1)));
      String secret = created.secret().reveal();
      String forged = secret.substring(0, secret.length() - 2) + (secret.endsWith("AA") ? "BB" : "AA");
      assertThat(access.authenticateApiKey(forged)).isEmpty();
      assertThat(access.authenticateApiKey("lk_garbage")).isEmpty();
      assertThat(access.authenticateApiKey("")).isEmpty();
      clock.advance(Duration.ofDays(1).minusNanos(1));
      assertThat(access.authenticateApiKey(secret)).isPresent();
      clock.advance(Duration.ofNanos(1));
      assertThat(access.authenticateApiKey(secret)).isEmpty();
      CreatedApiKey other = access.createApiKey("other", Set.of(), null, null);
      access.deleteApiKey(other.key().id());
      assertThat(access.authenticateApiKey(other.secret().reveal())).isEmpty();
      assertThatThrownBy(() -> access.createApiKey("past", Set.of(), null, clock.instant()))
          .isInstanceOf(ValidationException.class);
    }

    @Test
    @DisplayName("client credentials: id and secret buy a short-lived token with the key's roles, refused once deleted")
    void clientCredentials() {
      access.saveRole(new Role("reader", null, null, Set.of("reports:read")));
      CreatedApiKey created = access.createApiKey("ci", Set.of("reader"), null, null);
      assertThat(access.issueClientToken(dev.latchkey.auth.core.service.ApiKeyId.random(),
          created.secret().reveal())).isEmpty();
      IssuedAccessToken token = access.issueClientToken(created.key().id(), created.secret().reveal()).orElseThrow();
      Principal p = principal(token.token());
      assertThat(p.isClient()).isTrue();
      assertThat(p.clientId()).isEqualTo(created.key().id().toString());
      assertThat(p.sessionId()).isNull();
      assertThat(p.roles()).containsExactly("reader");
      assertThat(auth.authorize(p, "reports:read")).isTrue();
      assertThat(auth.authorize(p, "reports:write")).isFalse();
      assertThat(token.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
      clock.advance(Duration.ofMillis(5));
      access.deleteApiKey(created.key().id());
      assertThat(auth.verify(token.token())).isInstanceOf(TokenVerification.Invalid.class);
      assertThat(auth.authorize(p, "reports:read")).isFalse();
    }
  }
}
