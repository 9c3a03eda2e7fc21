package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.role.Role;
import dev.latchkey.auth.core.role.RoleAssignment;
import dev.latchkey.auth.core.service.ApiKey;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.testkit.MutableClock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Administrator rights come from the user's admin flag only: no role named {@code admin}, whether created now,
 * stored by an older version, assigned to a user or carried by an API key, puts {@code admin} into a token.
 */
class AdminRoleTest {
  private static final String PASSWORD = "correct horse battery staple";

  private Stores stores;
  private Auth auth;
  private AccessControl access;
  private User bob;

  @BeforeEach
  void setUp() {
    MutableClock clock = MutableClock.standard();
    stores = InMemoryStores.create(clock);
    auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores).build();
    access = auth.accessControl();
    bob = auth.register(Registration.of("bob", "bob@example.com", PASSWORD));
  }

  private Principal bobsPrincipal() {
    AuthTokens tokens = ((LoginResult.Success) auth.login("bob", PASSWORD, ClientInfo.unknown())).tokens();
    return ((TokenVerification.Valid) auth.verify(tokens.accessToken().token())).principal();
  }

  @Test
  @DisplayName("a role named admin, in any casing, global or scoped, cannot be created")
  void nameReserved() {
    for (String name : List.of("admin", "Admin", "ADMIN")) {
      assertThatThrownBy(() -> access.saveRole(new Role(name, null, null, Set.of("*"))))
          .isInstanceOf(ValidationException.class);
    }
    assertThat(access.roles()).isEmpty();
  }

  @Test
  @DisplayName("a stored role named admin (from before the name was reserved) never reaches a token, nor a user")
  void storedAdminRoleConfersNothing() {
    stores.roles().save(new Role("admin", null, null, Set.of("posts:read")));
    stores.roleAssignments().assign(new RoleAssignment(bob.id(), "admin", null));
    Principal principal = bobsPrincipal();
    assertThat(principal.hasRole("admin")).isFalse();
    assertThat(principal.roles()).doesNotContain("admin");
    assertThatThrownBy(() -> access.assign(bob.id(), "admin", null)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> auth.admin().updateUser(bob.id(), UserChanges.none().withRoles(Set.of("admin"))))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  @DisplayName("the admin flag alone puts admin into tokens, and the last-admin guard counts flags")
  void flagIsTheSource() {
    auth.admin().updateUser(bob.id(), UserChanges.none().withAdmin(true));
    assertThat(bobsPrincipal().hasRole("admin")).isTrue();
    assertThatThrownBy(() -> auth.admin().updateUser(bob.id(), UserChanges.none().withAdmin(false)))
        .isInstanceOf(LastAdminException.class);
  }

  @Test
  @DisplayName("an API key cannot carry admin; a stored key that does loses it when it authenticates")
  void apiKeys() {
    stores.roles().save(new Role("admin", null, null, Set.of("*")));
    access.saveRole(new Role("reader", null, null, Set.of("posts:read")));
    assertThatThrownBy(() -> access.createApiKey("ci", Set.of("admin"), null, null))
        .isInstanceOf(ValidationException.class);
    CreatedApiKey created = access.createApiKey("ci", Set.of("reader"), null, null);
    ApiKey k = created.key();
    stores.apiKeys().delete(k.id()); // as an older version would have stored it
    stores.apiKeys().create(new ApiKey(k.id(), k.name(), k.secretHash(), Set.of("reader", "admin"), null,
        k.createdAt(), null, null));
    assertThat(access.authenticateApiKey(created.secret().reveal()).orElseThrow().roles()).containsExactly("reader");
    String token = access.issueClientToken(k.id(), created.secret().reveal()).orElseThrow().token();
    Principal client = ((TokenVerification.Valid) auth.verify(token)).principal();
    assertThat(client.hasRole("admin")).isFalse();
  }
}
